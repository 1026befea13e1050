"""Fixtures of the libvirt driver tests: a fake libvirt connection, a
fake image service serving small real image files, and instances."""

import os
import subprocess

import pytest

from minova import objects
from minova.virt.libvirt import driver as libvirt_driver
from minova.virt.libvirt import host as libvirt_host
from minova.virt.libvirt import imagecache
from tests.unit.virt.libvirt import fakelibvirt

IMAGE_ID = '8b1e6a3c-5b9e-4a8f-9c3e-0f1d2c3b4a59'
KERNEL_ID = '0d6f1a2b-3c4d-4e5f-8a9b-1c2d3e4f5a6b'
RAMDISK_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'
INSTANCE_UUID = '5f3c2a1b-9d8e-4f7a-b6c5-4d3e2f1a0b9c'

VIF = {
    'id': '7d2c5b0e-1f3a-4b6c-9d8e-2a1b3c4d5e6f',
    'address': 'fa:16:3e:11:22:33',
    'type': 'bridge',
    'devname': 'tap7d2c5b0e-1f',
    'network': {
        'id': 'c0ffee00-1111-4222-8333-444455556666',
        'label': 'private',
        'bridge': 'br100',
        'subnets': [{
            'cidr': '10.0.0.0/24',
            'version': 4,
            'gateway': {'address': '10.0.0.1', 'type': 'gateway',
                        'version': 4},
            'dns': [{'address': '192.0.2.53', 'type': 'dns',
                     'version': 4}],
            'ips': [{'address': '10.0.0.5', 'type': 'fixed',
                     'version': 4}],
            'routes': [],
        }],
    },
}


class FakeImageAPI:
    """Serves files from a dict {image id: bytes}; counts downloads."""

    def __init__(self, images):
        self.images = images
        self.downloads = []

    def download(self, context, image_id, dst_path):
        self.downloads.append(image_id)
        data = self.images[image_id]
        with open(dst_path, 'wb') as out:
            out.write(data)
        return len(data)


@pytest.fixture
def libvirt_conf(conf, tmp_path):
    conf.config(instances_path=str(tmp_path / 'instances'))
    conf.config(virt_type='qemu', spawn_timeout=5, call_timeout=5,
                shutdown_timeout=2, shutdown_retry_interval=1,
                group='libvirt')
    return conf


def _qcow2(path, size='16M'):
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', str(path),
                    size], check=True)
    with open(path, 'rb') as image:
        return image.read()


@pytest.fixture(scope='session')
def qcow2_image(tmp_path_factory):
    return _qcow2(tmp_path_factory.mktemp('images') / 'disk.qcow2')


@pytest.fixture
def image_api(qcow2_image):
    return FakeImageAPI({IMAGE_ID: qcow2_image,
                         KERNEL_ID: b'fake kernel',
                         RAMDISK_ID: b'fake ramdisk'})


@pytest.fixture
def fake_conn():
    return fakelibvirt.Connection()


@pytest.fixture
def host(fake_conn, libvirt_conf):
    return libvirt_host.Host('qemu:///system',
                             fakelibvirt.Opener(fake_conn))


class RecordingVIFDriver:
    """Records the VIFs plugged (test_vif.py tests the real plugging)."""

    def __init__(self):
        self.plugged = []

    def plug_vifs(self, instance, network_info):
        self.plugged += [(instance.uuid, vif['id'])
                         for vif in network_info or []]

    def unplug_vifs(self, instance, network_info):
        pass


@pytest.fixture
def driver(host, image_api):
    drv = libvirt_driver.LibvirtDriver(
        host=host, image_cache=imagecache.ImageCache(image_api),
        vif_driver=RecordingVIFDriver())
    drv.init_host('host1')
    return drv


def make_flavor(**kwargs):
    values = dict(id=1, flavorid='1', name='m1.nano', memory_mb=128,
                  vcpus=1, root_gb=1, ephemeral_gb=0, swap=0,
                  rxtx_factor=1.0, is_public=True, disabled=False,
                  extra_specs={})
    values.update(kwargs)
    return objects.Flavor(**values)


def make_instance(flavor=None, **kwargs):
    flavor = flavor or make_flavor()
    values = dict(
        id=42, uuid=INSTANCE_UUID, display_name='web one', hostname='web-one',
        project_id='proj1', user_id='alice', flavor=flavor,
        memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
        root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
        key_name='alice-key', key_data='ssh-ed25519 AAAAC3Nz alice@x',
        user_data=None, metadata={'role': 'web'}, kernel_id=KERNEL_ID,
        ramdisk_id=RAMDISK_ID, image_ref=IMAGE_ID, availability_zone='nova',
        launch_index=0, config_drive='',
        system_metadata={'image_kernel_id': KERNEL_ID,
                         'image_ramdisk_id': RAMDISK_ID,
                         'image_os_command_line': 'console=ttyS0',
                         'image_disk_format': 'qcow2',
                         'image_min_disk': '1'})
    values.update(kwargs)
    return objects.Instance(**values)


def image_meta(**properties):
    props = {'kernel_id': KERNEL_ID, 'ramdisk_id': RAMDISK_ID,
             'os_command_line': 'console=ttyS0'}
    props.update(properties)
    return {'id': IMAGE_ID, 'name': 'minova-test', 'status': 'active',
            'disk_format': 'qcow2', 'container_format': 'bare',
            'min_ram': 0, 'min_disk': 1, 'size': 1, 'properties': props}


def instance_dir(instance):
    return libvirt_driver.instance_dir(instance)


def listing(path):
    return sorted(os.listdir(path)) if os.path.isdir(path) else None
