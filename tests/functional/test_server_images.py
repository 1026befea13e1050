"""A server's images and second lives, on real guests: createImage and a
new server booted from the snapshot, rebuild, shelve / offload /
unshelve and rescue / unrescue, driven through the API as a user would
and checked in libvirt, on disk and on the guest's console.

The first guest's user data writes a marker file on its root disk (the
test image's init runs a "#!" user data script with the disk mounted);
every later boot of that disk prints it, which tells a snapshot, a
rebuilt disk and a rescue's second disk apart. One cloud for the
module: host1 runs libvirt (virt_type qemu), with a real bridge network
so the fixed IP can be followed through rebuild and unshelve.
"""

import os
import re
import subprocess
import time
import uuid

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional.test_libvirt import (BOOT_TIMEOUT, READY, action,
                                           admin_view, virsh,
                                           wait_for_console)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0,
                                 reason='the bridge network needs root')]

MARKER = 'written by the first guest'
USER_DATA = '#!/bin/sh\necho "%s" > minova-marker\n' % MARKER
MARKER_LINE = 'minova-guest: marker on /dev/vda: %s' % MARKER


@pytest.fixture(scope='module')
def cloud(make_cloud):
    if virsh('version', check=False).returncode != 0:
        pytest.fail('libvirtd is not reachable: run "virtlogd -d; '
                    'libvirtd -d" (as .ci/run does)')
    tag = uuid.uuid4().hex[:8]
    c = make_cloud(
        computes={'host1': {'DEFAULT': {
            'compute_driver': 'libvirt.LibvirtDriver',
            'sync_power_state_interval': 2},
            'libvirt': {'virt_type': 'qemu', 'shutdown_timeout': 20,
                        'shutdown_retry_interval': 5}}},
        conf={'DEFAULT': {'instance_name_template': 'fti-%s-%%08x' % tag}})
    os.chmod(c.state_path, 0o755)
    c.instances_path = os.path.join(c.state_path, 'instances')
    c.create_flavor('lv', 'm1.libvirt', ram=128, disk=1, vcpus=1)
    c.net = c.create_network('guests', '10.60.0.0/24')
    built = subprocess.run(
        [os.path.join(os.path.dirname(__file__), '..', '..', 'tools',
                      'build-test-image'),
         '--endpoint', c.image_endpoint, '--token', 'admin:admin'],
        capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    c.test_image = dict(line.split('=', 1) for line in built.stdout.split())
    c.api.version = c.admin.version = '2.37'
    c.tag = tag
    yield c
    for name in virsh('list', '--all', '--name').stdout.split():
        if name.startswith('fti-%s-' % tag):
            virsh('destroy', name, check=False)
            virsh('undefine', name, check=False)


def _boot(cloud, name, image_id=None, **extra):
    sid = cloud.boot(name=name, flavorRef='lv',
                     imageRef=image_id or cloud.test_image['image_id'],
                     networks=[{'uuid': cloud.net}], **extra)['server']['id']
    cloud.wait_for_server(sid, timeout=BOOT_TIMEOUT)
    return sid


def _address(cloud, sid):
    server = cloud.api.get('/servers/%s' % sid).json()['server']
    [address] = [a['addr'] for a in server['addresses']['guests']]
    return address


def _image(cloud, image_id, token='demo:demo'):
    resp = requests.get('%s/v2/images/%s' % (cloud.image_endpoint,
                                             image_id),
                        headers={'X-Auth-Token': token}, timeout=10)
    return resp.json() if resp.status_code == 200 else None


def _wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError('%s not within %ss' % (what, timeout))


def _disks(name):
    """target device -> source file name, of the domain's disks."""
    out = virsh('domblklist', name).stdout
    return {dev: os.path.basename(src) for dev, src in
            re.findall(r'^\s*(\S+)\s+(/\S+)\s*$', out, re.M)}


# action -> (task states seen, seconds from the request until idle), for
# the table the test prints at the end (``pytest -s``).
TIMES = {}


def _task_states(cloud, sid, until, timeout, action_name=None):
    """The task states a poll sees until ``until(server)`` holds."""
    seen = []
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        server = cloud.api.get('/servers/%s' % sid).json()['server']
        task = server['OS-EXT-STS:task_state']
        if task and task not in seen:
            seen.append(task)
        if until(server):
            if action_name:
                TIMES[action_name] = (seen, time.monotonic() - started)
            return seen, server
        assert server['status'] != 'ERROR', server
        time.sleep(0.1)
    raise AssertionError('server %s: task states %s, then stuck' % (
        sid, seen))


def _idle(status):
    return lambda server: server['status'] == status and \
        server['OS-EXT-STS:task_state'] is None


@pytest.fixture(scope='module')
def server(cloud):
    sid = _boot(cloud, 'first', user_data=cloud_lib.user_data(USER_DATA))
    log = wait_for_console(cloud, sid, READY)
    assert 'minova-guest: user data script ran' in log
    return {'id': sid, 'name': admin_view(cloud, sid)[
        'OS-EXT-SRV-ATTR:instance_name'], 'address': _address(cloud, sid)}


def test_snapshot_boots_a_server_that_finds_the_first_ones_file(cloud,
                                                                server):
    resp = action(cloud, server['id'], {'createImage': {
        'name': 'first-snap', 'metadata': {'purpose': 'test'}}})
    image_id = resp.headers['Location'].rsplit('/', 1)[-1]
    seen, _ = _task_states(cloud, server['id'], _idle('ACTIVE'), 120,
                           'createImage')
    assert set(seen) <= {'image_snapshot', 'image_pending_upload',
                         'image_uploading'} and seen
    image = _wait_until(
        lambda: (_image(cloud, image_id) or {}).get('status') == 'active'
        and _image(cloud, image_id), 60, 'an active snapshot')
    assert image['image_type'] == 'snapshot'
    assert image['instance_uuid'] == server['id']
    assert image['base_image_ref'] == cloud.test_image['image_id']
    assert image['kernel_id'] == cloud.test_image['kernel_id']
    assert image['ramdisk_id'] == cloud.test_image['ramdisk_id']
    assert image['owner'] == 'demo' and image['purpose'] == 'test'
    assert image['disk_format'] == 'qcow2'
    # The first guest went on running; no copy stayed on the host.
    assert virsh('domstate', server['name']).stdout.strip() == 'running'
    assert os.listdir(os.path.join(cloud.instances_path, 'snapshots')) == []

    second = _boot(cloud, 'second', image_id=image_id)
    log = wait_for_console(cloud, second, READY)
    assert MARKER_LINE in log
    assert 'minova-guest: user data script' not in log
    assert cloud.api.delete('/servers/%s' % second).status_code == 204
    cloud.wait_for_deleted(second, timeout=60)
    assert not os.path.exists(os.path.join(cloud.instances_path, second))
    # Deleting the image frees it in the image service.
    resp = requests.delete('%s/v2/images/%s' % (cloud.image_endpoint,
                                                image_id),
                           headers={'X-Auth-Token': 'demo:demo'}, timeout=10)
    assert resp.status_code == 204


def test_rebuild_gives_a_new_disk_and_keeps_the_ip(cloud, server):
    resp = action(cloud, server['id'], {'rebuild': {
        'imageRef': cloud.test_image['image_id'], 'name': 'first-again',
        'adminPass': 'rebuilt-pw', 'metadata': {'rebuilt': 'yes'}}})
    assert resp.json()['server']['adminPass'] == 'rebuilt-pw'
    seen, rebuilt = _task_states(cloud, server['id'], _idle('ACTIVE'),
                                 BOOT_TIMEOUT, 'rebuild')
    assert 'rebuild_spawning' in seen
    assert rebuilt['name'] == 'first-again'
    assert rebuilt['metadata'] == {'rebuilt': 'yes'}
    assert _address(cloud, server['id']) == server['address']
    log = wait_for_console(cloud, server['id'], READY)
    # A fresh disk (no marker yet), the same address from DHCP, a new
    # config drive (the user data ran again).
    assert MARKER_LINE not in log
    assert 'minova-guest: eth0 address %s/24' % server['address'] in log
    assert 'minova-guest: user data script ran' in log


def test_shelve_offload_and_unshelve_come_back_with_the_disk(cloud,
                                                             server):
    action(cloud, server['id'], {'shelve': None})
    seen, shelved = _task_states(cloud, server['id'],
                                 _idle('SHELVED_OFFLOADED'), 120, 'shelve')
    assert 'shelving_offloading' in seen
    view = admin_view(cloud, server['id'])
    assert view['OS-EXT-SRV-ATTR:host'] is None
    assert virsh('dominfo', server['name'], check=False).returncode != 0
    assert not os.path.exists(os.path.join(cloud.instances_path,
                                           server['id']))
    images = requests.get(
        '%s/v2/images?name=first-again-shelved' % cloud.image_endpoint,
        headers={'X-Auth-Token': 'demo:demo'}, timeout=10).json()['images']
    [snapshot] = images
    assert snapshot['status'] == 'active'

    action(cloud, server['id'], {'unshelve': None})
    _task_states(cloud, server['id'], _idle('ACTIVE'), BOOT_TIMEOUT,
                 'unshelve')
    assert admin_view(cloud, server['id'])['OS-EXT-SRV-ATTR:host'] == \
        'host1'
    assert _address(cloud, server['id']) == server['address']
    log = wait_for_console(cloud, server['id'], READY)
    assert MARKER_LINE in log    # the rebuilt disk's own, from the snapshot
    assert _image(cloud, snapshot['id']) is None


def test_rescue_boots_the_rescue_image_with_the_disk_second(cloud, server):
    resp = action(cloud, server['id'], {'rescue': {'adminPass': 'rpw'}},
                  expect=200)
    assert resp.json() == {'adminPass': 'rpw'}
    _task_states(cloud, server['id'], _idle('RESCUE'), BOOT_TIMEOUT,
                 'rescue')
    assert _disks(server['name']) == {'vda': 'disk.rescue', 'vdb': 'disk',
                                      'hda': 'disk.config.rescue'}
    log = wait_for_console(cloud, server['id'],
                           'minova-guest: marker on /dev/vdb: %s' % MARKER)
    assert 'minova-guest: root disk /dev/vda' in log

    action(cloud, server['id'], {'unrescue': None})
    _task_states(cloud, server['id'], _idle('ACTIVE'), BOOT_TIMEOUT,
                 'unrescue')
    assert 'vdb' not in _disks(server['name'])
    files = os.listdir(os.path.join(cloud.instances_path, server['id']))
    assert not [f for f in files if 'rescue' in f]
    wait_for_console(cloud, server['id'], MARKER_LINE)


def test_nothing_is_left_behind(cloud, server):
    assert cloud.api.delete('/servers/%s' % server['id']).status_code == 204
    cloud.wait_for_deleted(server['id'], timeout=60)
    names = virsh('list', '--all', '--name').stdout.split()
    assert not [n for n in names if n.startswith('fti-%s-' % cloud.tag)]
    assert sorted(os.listdir(cloud.instances_path)) == ['_base',
                                                        'snapshots']
    assert os.listdir(os.path.join(cloud.instances_path, 'snapshots')) == []
    base = os.listdir(os.path.join(cloud.instances_path, '_base'))
    assert not [f for f in base if f.endswith(('.fetch', '.part'))]
    # Only the test image's three images are left in the image service.
    images = requests.get('%s/v2/images' % cloud.image_endpoint,
                          headers={'X-Auth-Token': 'admin:admin'},
                          timeout=10).json()['images']
    assert sorted(i['id'] for i in images) == sorted(
        cloud.test_image[k] for k in ('image_id', 'kernel_id',
                                      'ramdisk_id'))
    for name, (seen, seconds) in TIMES.items():
        print('TIMING %-12s %6.1fs  %s' % (name, seconds,
                                           ' -> '.join(seen)))
