"""The test image: built from Debian packages, uploaded to the image
service, fetched back the way compute fetches images, and booted under
plain qemu (software emulation) with a config drive.

Needs the apt packages qemu-system-x86, qemu-utils, genisoimage, cpio and
e2fsprogs, and apt lists (apt-get update) to download the kernel and
busybox-static. The build is cached (MINOVA_TEST_IMAGE_DIR, default
~/.cache/minova/test-image), so only the first run downloads anything.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

from oslo_config import fixture as config_fixture
import pytest

import minova.conf
from minova import context
from minova.image import glance

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
BUILD = os.path.join(ROOT, 'tools', 'build-test-image')
BOOT_TIMEOUT = 240
TOOLS = ('qemu-system-x86_64', 'qemu-img', 'genisoimage', 'cpio', 'mke2fs',
         'apt-get', 'dpkg-deb', 'curl')

pytestmark = pytest.mark.slow


@pytest.fixture(scope='module')
def uploaded(image_service):
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail('missing tools %s: apt-get install qemu-system-x86 '
                    'qemu-utils genisoimage cpio e2fsprogs curl' % missing)

    def build():
        proc = subprocess.run(
            [BUILD, '--endpoint', image_service.endpoint, '--token',
             'admin:admin'], capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stderr
        return (dict(line.split('=', 1) for line in proc.stdout.split()),
                proc.stderr)

    first, _log = build()
    # Idempotent: a second run rebuilds nothing and uploads nothing.
    second, log = build()
    assert second == first
    assert 'up to date' in log and log.count('reusing') == 3, log
    return first


@pytest.fixture
def glance_api(image_service):
    conf = minova.conf.CONF
    fixture = config_fixture.Config(conf)
    fixture.setUp()
    conf([], project='minova', default_config_files=[])
    fixture.config(api_servers=[image_service.endpoint], timeout=30,
                   group='glance')
    yield glance.API()
    fixture.cleanUp()


def test_images_are_kernel_ramdisk_and_disk(uploaded, glance_api):
    ctx = context.RequestContext(user_id='alice', project_id='proj1')
    disk = glance_api.show(ctx, uploaded['image_id'])
    assert disk['status'] == 'active'
    assert disk['disk_format'] == 'qcow2'
    assert disk['properties']['kernel_id'] == uploaded['kernel_id']
    assert disk['properties']['ramdisk_id'] == uploaded['ramdisk_id']
    kernel = glance_api.show(ctx, uploaded['kernel_id'])
    assert (kernel['disk_format'], kernel['container_format']) == ('aki',
                                                                   'aki')
    ramdisk = glance_api.show(ctx, uploaded['ramdisk_id'])
    assert (ramdisk['disk_format'], ramdisk['container_format']) == (
        'ari', 'ari')


def _config_drive(path, instance_uuid, user_data):
    tree = os.path.join(os.path.dirname(path), 'config-drive')
    latest = os.path.join(tree, 'openstack', 'latest')
    os.makedirs(latest)
    meta = {'uuid': instance_uuid, 'hostname': 'guest-one',
            'name': 'guest one', 'launch_index': 0,
            'availability_zone': 'nova', 'project_id': 'proj1',
            'meta': {'hostname': 'not-this-one'},
            'public_keys': {'alice-key': 'ssh-ed25519 AAAAC3Nz alice@x\n'},
            'keys': [{'name': 'alice-key', 'type': 'ssh',
                      'data': 'ssh-ed25519 AAAAC3Nz alice@x\n'}]}
    with open(os.path.join(latest, 'meta_data.json'), 'w') as out:
        json.dump(meta, out)
    with open(os.path.join(latest, 'user_data'), 'w') as out:
        out.write(user_data)
    with open(os.path.join(latest, 'network_data.json'), 'w') as out:
        json.dump({'links': [], 'networks': [], 'services': []}, out)
    subprocess.run(['genisoimage', '-quiet', '-o', path, '-V', 'config-2',
                    '-J', '-R', tree], check=True)


def _qmp(sock_path, command):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(10)
        sock.connect(sock_path)
        stream = sock.makefile('rw')
        stream.readline()  # greeting
        for cmd in ({'execute': 'qmp_capabilities'}, {'execute': command}):
            stream.write(json.dumps(cmd) + '\n')
            stream.flush()
            stream.readline()


def _wait_for(path, text, process, timeout):
    deadline = time.monotonic() + timeout
    content = ''
    while time.monotonic() < deadline:
        if os.path.exists(path):  # qemu creates it once it runs
            with open(path, errors='replace') as log:
                content = log.read()
        if text in content:
            return content
        if process.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError('no %r on the console (qemu %s):\n%s' % (
        text, 'exited %s' % process.returncode
        if process.poll() is not None else 'running', content[-4000:]))


def test_boots_under_qemu_with_a_config_drive(uploaded, glance_api,
                                              tmp_path):
    # Fetch the three images the way compute fills its image cache.
    ctx = context.get_admin_context()
    files = {}
    for key in ('kernel_id', 'ramdisk_id', 'image_id'):
        files[key] = str(tmp_path / uploaded[key])
        glance_api.download(ctx, uploaded[key], files[key])
    disk = glance_api.show(ctx, uploaded['image_id'])
    overlay = str(tmp_path / 'disk')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F',
                    'qcow2', '-b', files['image_id'], overlay], check=True)
    instance_uuid = str(uuid.uuid4())
    iso = str(tmp_path / 'disk.config')
    _config_drive(iso, instance_uuid, '#!/bin/sh\necho user data works\n')

    console = str(tmp_path / 'console.log')
    qmp = str(tmp_path / 'qmp.sock')
    cmdline = disk['properties'].get('os_command_line', 'console=ttyS0')
    qemu = subprocess.Popen(
        ['qemu-system-x86_64', '-machine', 'pc,accel=tcg', '-m', '256',
         '-display', 'none', '-no-reboot', '-kernel', files['kernel_id'],
         '-initrd', files['ramdisk_id'], '-append', cmdline,
         '-drive', 'file=%s,if=virtio,format=qcow2' % overlay,
         '-drive', 'file=%s,media=cdrom,if=ide,format=raw' % iso,
         '-netdev', 'user,id=net0', '-device', 'virtio-net-pci,netdev=net0',
         '-serial', 'file:%s' % console,
         '-qmp', 'unix:%s,server=on,wait=off' % qmp],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    try:
        log = _wait_for(console, 'minova-guest ready', qemu, BOOT_TIMEOUT)
        assert 'minova-guest: uuid %s' % instance_uuid in log
        assert 'minova-guest: hostname guest-one' in log
        assert 'minova-guest: public keys: alice-key' in log
        assert 'echo user data works' in log
        assert 'minova-guest: root disk /dev/vda: minova test disk' in log
        # qemu's user-mode network hands out 10.0.2.15.
        assert 'minova-guest: eth0 address 10.0.2.15/24' in log
        # The ACPI power button powers the guest off; qemu then exits.
        _qmp(qmp, 'system_powerdown')
        assert qemu.wait(timeout=60) == 0
        _wait_for(console, 'powering off', qemu, 5)
    finally:
        if qemu.poll() is None:
            os.killpg(qemu.pid, signal.SIGKILL)
            qemu.wait(10)
