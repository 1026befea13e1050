"""The image cache: one download per image, only checked images kept."""

import os
import subprocess
import threading
import time

import pytest

from minova import exception
from minova.virt.libvirt import imagecache
from tests.unit.virt.libvirt import conftest as fixtures


@pytest.fixture
def cache(libvirt_conf, image_api):
    return imagecache.ImageCache(image_api)


def _meta(image_id=fixtures.IMAGE_ID, disk_format='qcow2'):
    return {'id': image_id, 'disk_format': disk_format, 'properties': {}}


def test_an_image_is_downloaded_once(cache, image_api):
    paths = {cache.fetch_disk_image(None, _meta()) for _ in range(3)}
    assert image_api.downloads == [fixtures.IMAGE_ID]
    (path,) = paths
    assert path == os.path.join(imagecache.base_dir(),
                                imagecache.cache_name(fixtures.IMAGE_ID))
    assert imagecache.disk_format_of(path) == 'qcow2'
    assert imagecache.virtual_size_of(path) == 16 * 1024 * 1024
    assert _cached_files() == [os.path.basename(path)]


def test_concurrent_builds_share_one_download(cache, image_api):
    # Native threads: unit tests run without eventlet's monkey patching,
    # which in the services makes the same lock green.
    slow = image_api.download

    def download(*args):
        time.sleep(0.2)   # let the others arrive meanwhile
        return slow(*args)
    image_api.download = download
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        cache.fetch_disk_image(None, _meta()))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(set(results)) == 1 and len(results) == 5
    assert image_api.downloads == [fixtures.IMAGE_ID]


def test_kernel_and_ramdisk_are_kept_as_they_are(cache, image_api):
    path = cache.fetch_file(None, fixtures.KERNEL_ID)
    with open(path, 'rb') as kernel:
        assert kernel.read() == b'fake kernel'


def _cached_files():
    return [name for name in os.listdir(imagecache.base_dir())
            if not name.startswith('minova-image-cache')
            and not name.endswith('.lock')
            and 'image-cache' not in name]


def test_raw_data_claiming_to_be_qcow2_is_refused(cache, image_api):
    image_api.images['raw-one'] = b'\0' * 4096
    with pytest.raises(exception.ImageUnacceptable) as error:
        cache.fetch_disk_image(None, _meta('raw-one', 'qcow2'))
    assert 'claims to be qcow2 but its data is raw' in str(error.value)
    assert _cached_files() == []


def test_qcow2_with_a_backing_file_is_refused(cache, image_api, tmp_path):
    evil = tmp_path / 'evil.qcow2'
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'raw',
                    '-b', '/etc/hostname', str(evil), '1M'], check=True)
    image_api.images['evil'] = evil.read_bytes()
    with pytest.raises(exception.ImageUnacceptable) as error:
        cache.fetch_disk_image(None, _meta('evil', 'qcow2'))
    assert 'backing file' in str(error.value)
    assert _cached_files() == []


def test_a_broken_image_is_refused_and_fetched_again_next_time(cache,
                                                               image_api):
    image_api.images['broken'] = b'QFI\xfb' + b'\xff' * 60
    for _ in range(2):
        # What this host's qemu-img cannot read, another host may: a
        # failure of this host (a reschedule), not of the image.
        with pytest.raises(exception.InstanceDeployFailure):
            cache.fetch_disk_image(None, _meta('broken', 'qcow2'))
    assert image_api.downloads == ['broken', 'broken']
    assert _cached_files() == []


@pytest.mark.parametrize('disk_format', ['aki', 'ari', 'iso', 'vmdk'])
def test_formats_that_cannot_be_a_root_disk(cache, image_api, disk_format):
    with pytest.raises(exception.InvalidDiskFormat) as error:
        cache.fetch_disk_image(None, _meta(disk_format=disk_format))
    assert error.value.format_message() == \
        'Disk format %s is not acceptable' % disk_format
    assert image_api.downloads == []


def test_blank_disks_are_made_once(cache):
    first = cache.ensure_blank('ext4', 64 * 1024 * 1024)
    mtime = os.stat(first).st_mtime_ns
    assert cache.ensure_blank('ext4', 64 * 1024 * 1024) == first
    assert os.path.basename(first) == 'ephemeral_ext4_64'
    assert os.path.basename(cache.ensure_blank(
        'swap', 64 * 1024 * 1024)) == 'swap_64'
    assert os.stat(first).st_size == 64 * 1024 * 1024
    assert os.stat(first).st_mtime_ns >= mtime
