"""Real guests: minova-compute with the libvirt driver boots the test image
(tools/build-test-image) as QEMU domains on the local libvirtd, driven
through the API like a user would, and checked in libvirt (virsh) and on
disk like an operator would.

Needs a running libvirtd and virtlogd (``libvirtd -d``, ``virtlogd -d``;
.ci/run starts them) and the test image's tools (see
tests/functional/image_api/test_test_image.py). Guests run under
``virt_type = qemu`` (software emulation): nested KVM does not work on
our CI machines.

One cloud for the module: host1 runs libvirt, host2 the fake driver (the
place a failed libvirt spawn is rescheduled to; host1 weighs more).
"""

import os
import subprocess
import time
import uuid
from xml.etree import ElementTree as etree

import pytest

from tests.functional import cloud as cloud_lib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, 'tools', 'build-test-image')
URI = 'qemu:///system'
BOOT_TIMEOUT = 180     # software emulation on a busy 2-core machine
GUEST_TIMEOUT = 240
READY = 'minova-guest ready'
METADATA_NS = {'minova': 'http://openstack.org/xmlns/libvirt/minova/1.0'}

pytestmark = pytest.mark.slow


def virsh(*args, check=True):
    proc = subprocess.run(['virsh', '-c', URI] + list(args),
                          capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def domstate(name):
    proc = virsh('domstate', name, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


@pytest.fixture(scope='session')
def test_image_build():
    """The test image's files (built once, cached across runs)."""
    proc = subprocess.run([BUILD, '--build-only'], capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    return dict(line.split('=', 1) for line in proc.stdout.split())


def start_libvirt_cloud(make_cloud):
    """A cloud with libvirt on host1 (the fake driver on host2), the
    test image uploaded; returns it and the tag of its domain names."""
    if virsh('version', check=False).returncode != 0:
        pytest.fail('libvirtd is not reachable at %s: run "virtlogd -d; '
                    'libvirtd -d" (as .ci/run does)' % URI)
    # Domain names must not clash with other clouds on this libvirtd.
    tag = uuid.uuid4().hex[:8]
    c = make_cloud(
        computes={
            'host1': {'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                                  'sync_power_state_interval': 2},
                      'libvirt': {'virt_type': 'qemu',
                                  'shutdown_timeout': 30,
                                  'shutdown_retry_interval': 5}},
            'host2': {'fake_driver': {'memory_mb': 1024, 'local_gb': 10}},
        },
        conf={'DEFAULT': {'instance_name_template': 'ft-%s-%%08x' % tag},
              'network': {'network_driver': 'noop'}})
    # Compute gives a server's addresses back on delete: it needs an
    # answer from minova-network even for servers without a network.
    if 'minova-network' not in c.processes:
        c.start_service('minova-network')
    # libvirt runs qemu as libvirt-qemu, which must reach the instance
    # files under the (0700) temporary state directory.
    os.chmod(c.state_path, 0o755)
    c.instances_path = os.path.join(c.state_path, 'instances')
    c.create_flavor('lv', 'm1.libvirt', ram=128, disk=1, vcpus=1)
    proc = subprocess.run([BUILD, '--endpoint', c.image_endpoint,
                           '--token', 'admin:admin'], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    c.test_image = dict(line.split('=', 1) for line in proc.stdout.split())
    c.api.version = '2.37'
    c.admin.version = '2.37'
    return c, tag


def remove_domains(tag):
    """Nothing of a cloud may stay in libvirt, whatever failed."""
    for name in virsh('list', '--all', '--name').stdout.split():
        if name.startswith('ft-%s-' % tag):
            virsh('destroy', name, check=False)
            virsh('undefine', '--managed-save', name, check=False)


@pytest.fixture(scope='module')
def cloud(make_cloud, test_image_build):
    c, tag = start_libvirt_cloud(make_cloud)
    yield c
    remove_domains(tag)


def boot(cloud, name, image_id=None, **extra):
    body = dict(name=name, imageRef=image_id or cloud.test_image['image_id'],
                flavorRef='lv', networks='none', **extra)
    return cloud.boot(**body)['server']['id']


def admin_view(cloud, server_id):
    return cloud.admin.get('/servers/%s' % server_id).json()['server']


def action(cloud, server_id, body, expect=202):
    resp = cloud.api.post('/servers/%s/action' % server_id, body)
    assert resp.status_code == expect, resp.text
    return resp


def console(cloud, server_id):
    return action(cloud, server_id, {'os-getConsoleOutput': {}},
                  expect=200).json()['output']


def wait_for_console(cloud, server_id, text, count=1,
                     timeout=GUEST_TIMEOUT):
    deadline = time.monotonic() + timeout
    output = ''
    while time.monotonic() < deadline:
        output = console(cloud, server_id)
        if output.count(text) >= count:
            return output
        time.sleep(1)
    raise AssertionError('%r not %d times on the console in %ss:\n%s' % (
        text, count, timeout, output[-3000:]))


def wait_for_domstate(name, state, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if domstate(name) == state:
            return
        time.sleep(0.5)
    raise AssertionError('domain %s is %s, not %s' % (name, domstate(name),
                                                      state))


def assert_nothing_left(cloud, server_id, name):
    assert virsh('dominfo', server_id, check=False).returncode != 0
    assert name not in virsh('list', '--all', '--name').stdout.split()
    assert not os.path.exists(os.path.join(cloud.instances_path,
                                           server_id))


@pytest.fixture(scope='module')
def keypair(cloud):
    resp = cloud.api.post('/os-keypairs', {'keypair': {'name': 'lv-key'}})
    assert resp.status_code == 201, resp.text   # 2.2 and later
    return resp.json()['keypair']


@pytest.fixture(scope='module')
def server(cloud, keypair):
    """The story's server, booted and up (its ready line printed)."""
    display_name = 'web <1> & "two" ]]>'
    sid = boot(cloud, display_name, key_name='lv-key',
               user_data=cloud_lib.user_data('#!/bin/sh\necho hi lv\n'))
    active = cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
    view = admin_view(cloud, sid)
    return {'id': sid, 'active': active, 'view': view,
            'display_name': display_name,
            'name': view['OS-EXT-SRV-ATTR:instance_name'],
            'hostname': view['OS-EXT-SRV-ATTR:hostname'],
            'console': wait_for_console(cloud, sid, READY)}


def test_boot_gives_a_running_domain_that_knows_itself(cloud, server):
    assert server['active']['status'] == 'ACTIVE'
    assert server['view']['OS-EXT-SRV-ATTR:host'] == 'host1'
    assert server['view']['OS-EXT-STS:power_state'] == 1
    assert domstate(server['name']) == 'running'
    log = server['console']
    assert 'minova-guest: uuid %s' % server['id'] in log
    assert 'minova-guest: hostname %s' % server['hostname'] in log
    assert 'minova-guest: public keys: lv-key' in log
    assert 'echo hi lv' in log
    assert 'minova-guest: no network interface' in log
    # The user's name went into the XML escaped, and came back intact.
    xml = etree.fromstring(virsh('dumpxml', server['name']).stdout)
    assert xml.findtext('uuid') == server['id']
    assert xml.find('metadata/minova:instance/minova:name',
                    METADATA_NS).text == server['display_name']
    assert xml.get('type') == 'qemu'
    files = sorted(os.listdir(os.path.join(cloud.instances_path,
                                           server['id'])))
    assert files == ['console.log', 'disk', 'disk.config', 'kernel',
                     'ramdisk']


def test_stop_shuts_the_guest_down_and_start_boots_it(cloud, server):
    action(cloud, server['id'], {'os-stop': None})
    stopped = cloud.wait_for_server(server['id'], ('SHUTOFF',), timeout=60)
    assert stopped['OS-EXT-STS:power_state'] == 4
    assert domstate(server['name']) == 'shut off'
    # A clean shutdown: the guest saw the ACPI power button.
    assert 'power button pressed' in console(cloud, server['id'])
    action(cloud, server['id'], {'os-start': None})
    cloud.wait_for_server(server['id'], timeout=BOOT_TIMEOUT)
    assert domstate(server['name']) == 'running'
    wait_for_console(cloud, server['id'], READY, count=2)


def test_hard_reboot_restarts_the_domain(cloud, server):
    before = console(cloud, server['id']).count(READY)
    domid = virsh('domid', server['name']).stdout.strip()
    action(cloud, server['id'], {'reboot': {'type': 'HARD'}})
    cloud.wait_for_server(server['id'], timeout=BOOT_TIMEOUT)
    assert domstate(server['name']) == 'running'
    assert virsh('domid', server['name']).stdout.strip() != domid
    wait_for_console(cloud, server['id'], READY, count=before + 1)


def test_soft_reboot_goes_through_the_guest(cloud, server):
    output = console(cloud, server['id'])
    presses = output.count('power button pressed')
    action(cloud, server['id'], {'reboot': {'type': 'SOFT'}})
    cloud.wait_for_server(server['id'], timeout=BOOT_TIMEOUT)
    assert domstate(server['name']) == 'running'
    output = wait_for_console(cloud, server['id'], READY,
                              count=output.count(READY) + 1)
    assert output.count('power button pressed') == presses + 1


def test_delete_leaves_nothing_on_the_host(cloud, server):
    resp = cloud.api.delete('/servers/%s' % server['id'])
    assert resp.status_code == 204, resp.text
    cloud.wait_for_deleted(server['id'], timeout=60)
    assert_nothing_left(cloud, server['id'], server['name'])
    # The cached image stays for the next guest.
    assert os.listdir(os.path.join(cloud.instances_path, '_base'))


def _bridge(name):
    """(is a bridge, addresses, ports) of ``name``, or None."""
    shown = subprocess.run(['ip', '-d', '-o', 'link', 'show', 'dev', name],
                           capture_output=True, text=True)
    if shown.returncode != 0:
        return None
    addresses = subprocess.run(['ip', '-o', 'addr', 'show', 'dev', name],
                               capture_output=True, text=True).stdout
    ports = subprocess.run(['ip', '-o', 'link', 'show', 'master', name],
                           capture_output=True, text=True).stdout
    return (' bridge ' in shown.stdout, addresses.strip(),
            [line.split(':')[1].strip().split('@')[0]
             for line in ports.splitlines()])


def test_the_compute_makes_a_missing_bridge_on_boot(cloud):
    """os-vif style: this cloud's minova-network touches nothing on the
    host (noop driver), so the guest's bridge exists only because the
    compute plugged the VIF; deleted while the guest is off, it comes
    back when the guest starts. No address, and no port but the tap."""
    net = cloud.create_network('plugged', '10.71.0.0/24')
    bridge = [line.split()[4] for line in
              cloud.manage('network', 'list').splitlines()
              if net in line][0]
    assert _bridge(bridge) is None
    sid = cloud.boot(name='plugged', imageRef=cloud.test_image['image_id'],
                     flavorRef='lv', networks=[{'uuid': net}])[
        'server']['id']
    try:
        cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
        tap = 'tap' + cloud.api.get('/servers/%s/os-interface' % sid).json()[
            'interfaceAttachments'][0]['port_id'][:11]
        assert _bridge(bridge) == (True, '', [tap])
        assert 'Created bridge %s' % bridge in \
            cloud.processes['minova-compute-host1'].log()
        action(cloud, sid, {'os-stop': None})
        cloud.wait_for_server(sid, ('SHUTOFF',), timeout=60)
        subprocess.run(['ip', 'link', 'delete', bridge], check=True)
        action(cloud, sid, {'os-start': None})
        cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
        assert _bridge(bridge) == (True, '', [tap])
    finally:
        cloud.api.delete('/servers/%s' % sid)
        cloud.wait_for_deleted(sid, timeout=60)
        # Bridges stay when their guests go (as os-vif leaves them).
        subprocess.run(['ip', 'link', 'delete', bridge],
                       capture_output=True)


def test_guest_stopped_or_gone_behind_our_back(cloud):
    sid = boot(cloud, 'behind-our-back')
    cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
    name = admin_view(cloud, sid)['OS-EXT-SRV-ATTR:instance_name']
    virsh('destroy', name)
    server = cloud.wait_for_server(sid, ('SHUTOFF',), timeout=30)
    assert server['OS-EXT-STS:power_state'] == 4
    # Gone entirely: the power-state sync copes, delete still works.
    virsh('undefine', name)
    time.sleep(5)   # two sync periods
    assert admin_view(cloud, sid)['status'] == 'SHUTOFF'
    assert cloud.processes['minova-compute-host1'].alive()
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    cloud.wait_for_deleted(sid, timeout=60)
    assert_nothing_left(cloud, sid, name)


def test_three_boots_of_one_image_download_it_once(cloud):
    ids = [boot(cloud, 'many-%d' % index) for index in range(3)]
    for sid in ids:
        cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
        assert admin_view(cloud, sid)['OS-EXT-SRV-ATTR:host'] == 'host1'
    log = cloud.processes['minova-compute-host1'].log()
    for key in ('image_id', 'kernel_id', 'ramdisk_id'):
        image_id = cloud.test_image[key]
        assert log.count('Downloading image %s' % image_id) == 1, key
    for sid in ids:
        assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    for sid in ids:
        cloud.wait_for_deleted(sid, timeout=60)
        assert not os.path.exists(os.path.join(cloud.instances_path, sid))


def _image_like_the_test_image(cloud, name, data, **properties):
    """A qcow2 image with the test image's kernel and ramdisk."""
    props = {'disk_format': 'qcow2',
             'kernel_id': cloud.test_image['kernel_id'],
             'ramdisk_id': cloud.test_image['ramdisk_id'],
             'os_command_line': 'console=ttyS0'}
    props.update(properties)
    return cloud.create_image(name=name, data=data, properties=props)['id']


@pytest.mark.parametrize('case', ['libvirt define error',
                                  'qemu-img error'])
def test_spawn_failure_is_rescheduled_and_leaves_nothing(cloud,
                                                         test_image_build,
                                                         case):
    with open(test_image_build['disk'], 'rb') as disk:
        data = disk.read()
    if case == 'libvirt define error':
        image_id = _image_like_the_test_image(
            cloud, 'bad-machine', data, hw_machine_type='no-such-machine')
    else:
        # The test disk claiming qcow2 version 99: qemu-img refuses it.
        image_id = _image_like_the_test_image(
            cloud, 'corrupt', data[:4] + (99).to_bytes(4, 'big') + data[8:])
    sid = boot(cloud, 'doomed-%s' % case.split()[0], image_id=image_id)
    server = cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
    view = admin_view(cloud, sid)
    assert view['OS-EXT-SRV-ATTR:host'] == 'host2'   # the fake one
    log = cloud.processes['minova-compute-host1'].log()
    assert 'rescheduling' in log and sid in log
    name = view['OS-EXT-SRV-ATTR:instance_name']
    assert_nothing_left(cloud, sid, name)
    base = os.path.join(cloud.instances_path, '_base')
    assert not [f for f in os.listdir(base) if f.endswith('.fetch')
                or f.endswith('.part')]
    assert server['status'] == 'ACTIVE'
    cloud.api.delete('/servers/%s' % sid)
    cloud.wait_for_deleted(sid, timeout=60)


def _assert_aborted_here(cloud, sid, reason):
    """ERROR with the real reason, from host1 alone: host2 (the fake
    driver, which boots anything) was never asked."""
    server = cloud.wait_for_server(sid, ('ERROR',), timeout=BOOT_TIMEOUT)
    assert server['fault']['message'] == \
        'Build of instance %s aborted: %s' % (sid, reason)
    view = admin_view(cloud, sid)
    assert view['OS-EXT-SRV-ATTR:host'] is None
    assert sid in cloud.processes['minova-compute-host1'].log()
    assert sid not in cloud.processes['minova-compute-host2'].log()
    assert_nothing_left(cloud, sid, view['OS-EXT-SRV-ATTR:instance_name'])
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    cloud.wait_for_deleted(sid, timeout=60)


def test_a_kernel_image_is_no_root_disk_and_aborts(cloud):
    sid = boot(cloud, 'kernel-as-disk',
               image_id=cloud.test_image['kernel_id'])
    _assert_aborted_here(cloud, sid, 'Disk format aki is not acceptable')


def test_an_image_larger_than_the_flavor_disk_aborts(cloud, tmp_path):
    big = str(tmp_path / 'big.qcow2')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', big, '2G'],
                   check=True, timeout=60)
    with open(big, 'rb') as data:
        image_id = _image_like_the_test_image(cloud, 'two-gig', data.read())
    sid = boot(cloud, 'too-big', image_id=image_id)   # flavor disk: 1 GiB
    _assert_aborted_here(
        cloud, sid, "Flavor's disk is too small for requested image. Flavor "
        "disk is 1073741824 bytes, image is 2147483648 bytes.")
