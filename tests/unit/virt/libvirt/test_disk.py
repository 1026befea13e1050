"""qemu-img and friends, bounded in time."""

import subprocess

import pytest

from oslo_concurrency import processutils
from oslo_utils import timeutils

from minova.virt.libvirt import disk


def test_failure_carries_the_error(libvirt_conf):
    with pytest.raises(processutils.ProcessExecutionError) as error:
        disk.execute('qemu-img', 'info', '/nonexistent/image')
    assert 'nonexistent' in error.value.stderr
    assert error.value.exit_code == 1


def test_a_missing_program_is_an_execution_error(libvirt_conf):
    with pytest.raises(processutils.ProcessExecutionError) as error:
        disk.execute('/nonexistent/qemu-img', 'info')
    assert error.value.exit_code == '(not run)'


def test_a_stuck_command_is_killed_at_its_time_limit(libvirt_conf):
    with timeutils.StopWatch() as watch:
        with pytest.raises(processutils.ProcessExecutionError) as error:
            disk.execute('sleep', '30', timeout=0.5)
    assert watch.elapsed() < 5
    assert 'killed' in str(error.value)


def test_overlay_on_a_base_image(libvirt_conf, tmp_path):
    base = str(tmp_path / 'base')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', base, '8M'],
                   check=True)
    overlay = str(tmp_path / 'disk')
    disk.create_overlay(overlay, base, 'qcow2', 2 * disk.GiB)
    info = disk.qemu_img_info(overlay)
    assert info['format'] == 'qcow2'
    assert info['virtual-size'] == 2 * disk.GiB
    assert info['backing-filename'] == base
    assert disk.qcow2_virtual_size(overlay) == 2 * disk.GiB
    assert disk.qcow2_virtual_size(str(tmp_path / 'none')) is None


def test_formatted_blank_disks(libvirt_conf, tmp_path):
    swap = str(tmp_path / 'swap')
    disk.make_formatted_raw(swap, 64 * 1024 * 1024, 'swap')
    with open(swap, 'rb') as data:
        data.seek(4096 - 10)
        assert data.read(10) == b'SWAPSPACE2'
    ext4 = str(tmp_path / 'ext4')
    disk.make_formatted_raw(ext4, 64 * 1024 * 1024, 'ext4', 'ephemeral0')
    with open(ext4, 'rb') as data:
        data.seek(1024 + 0x38)   # superblock magic
        assert data.read(2) == b'\x53\xef'
