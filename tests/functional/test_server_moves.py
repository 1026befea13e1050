"""A server moving between two real compute hosts: resize with revert
and with confirm, cold migration, evacuation after kill -9 of its
compute service, and a resize the quota refuses.

host1 and host2 are two minova-compute services with the libvirt driver
(virt_type = qemu) on this machine's one libvirtd, each with its own
instances_path, as two machines would have; the disk moves between them
over the compute RPC (doc/moves.md). A marker written into the guest's
root disk shows the guest came back with its own disk: the test image
prints the disk's ``minova-test-disk`` file on every boot.
"""

import os
import json
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.functional import test_libvirt as lv
from tests.functional.test_libvirt import test_image_build  # noqa: F401
from tests.functional.test_libvirt import virsh

pytestmark = pytest.mark.slow

HOSTS = ('host1', 'host2')
MOVE_TIMEOUT = 300


@pytest.fixture(scope='module')
def cloud(make_cloud, test_image_build):  # noqa: F811
    if virsh('version', check=False).returncode != 0:
        pytest.fail('libvirtd is not reachable at %s' % lv.URI)
    tag = uuid.uuid4().hex[:8]
    computes = {}
    for host in HOSTS:
        computes[host] = {
            'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                        'sync_power_state_interval': 2,
                        'instances_path': '$state_path/instances-' + host},
            'libvirt': {'virt_type': 'qemu', 'shutdown_timeout': 5}}
    c = make_cloud(
        computes=computes,
        conf={'DEFAULT': {'instance_name_template': 'mv-%s-%%08x' % tag,
                          'service_down_time': '6'},
              'network': {'network_driver': 'noop'},
              'quota': {'ram': '2000'}})
    os.chmod(c.state_path, 0o755)
    c.instances = {host: os.path.join(c.state_path, 'instances-' + host)
                   for host in HOSTS}
    c.create_flavor('mv1', 'm1.move1', ram=128, disk=1, vcpus=1)
    c.create_flavor('mv2', 'm1.move2', ram=192, disk=2, vcpus=1)
    c.create_flavor('mvhuge', 'm1.movehuge', ram=4096, disk=2, vcpus=1)
    proc = subprocess.run([lv.BUILD, '--endpoint', c.image_endpoint,
                           '--token', 'admin:admin'], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    c.test_image = dict(line.split('=', 1) for line in proc.stdout.split())
    c.api.version = c.admin.version = '2.37'
    yield c
    for name in virsh('list', '--all', '--name').stdout.split():
        if name.startswith('mv-%s-' % tag):
            virsh('destroy', name, check=False)
            virsh('undefine', name, check=False)


def _view(cloud, sid):
    return cloud.admin.get('/servers/%s' % sid).json()['server']


def _host(cloud, sid):
    return _view(cloud, sid)['OS-EXT-SRV-ATTR:host']


def _other(host):
    return HOSTS[1 - HOSTS.index(host)]


def _act(cloud, sid, body, expect=202, client=None):
    resp = (client or cloud.api).post('/servers/%s/action' % sid, body)
    assert resp.status_code == expect, resp.text
    return resp


def _wait(cloud, sid, status, timeout=MOVE_TIMEOUT):
    return cloud.wait_for_server(sid, (status,), client=cloud.admin,
                                 timeout=timeout)


def _entries(path):
    return sorted(e for e in os.listdir(path) if e != '_base') \
        if os.path.isdir(path) else []


def _write_marker(cloud, sid, host, marker):
    """Stop the server and put ``marker`` into its root disk's
    minova-test-disk file (flattened through raw, written with debugfs,
    back to qcow2), then start it again."""
    _act(cloud, sid, {'os-stop': None})
    _wait(cloud, sid, 'SHUTOFF', timeout=120)
    disk = os.path.join(cloud.instances[host], sid, 'disk')
    raw = disk + '.raw'
    text = disk + '.marker'
    with open(text, 'w') as out:
        out.write(marker + '\n')
    for cmd in (['qemu-img', 'convert', '-O', 'raw', disk, raw],
                ['debugfs', '-w', '-R', 'rm minova-test-disk', raw],
                ['debugfs', '-w', '-R', 'write %s minova-test-disk' % text,
                 raw],
                ['qemu-img', 'convert', '-O', 'qcow2', raw, disk]):
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    os.unlink(raw)
    os.unlink(text)
    _act(cloud, sid, {'os-start': None})
    _wait(cloud, sid, 'ACTIVE', timeout=120)


def _migration(cloud, sid):
    resp = cloud.admin.get('/os-migrations?instance_uuid=%s' % sid)
    assert resp.status_code == 200, resp.text
    return resp.json()['migrations'][0]


@pytest.fixture(scope='module')
def server(cloud):
    sid = cloud.boot(name='mover', imageRef=cloud.test_image['image_id'],
                     flavorRef='mv1', networks='none')['server']['id']
    cloud.wait_for_server(sid, timeout=lv.BOOT_TIMEOUT)
    lv.wait_for_console(cloud, sid, lv.READY)
    return {'id': sid, 'marker': 'marker-%s' % uuid.uuid4().hex[:8]}


def test_resize_and_revert_come_back_with_the_disk(cloud, server):
    sid = server['id']
    source = _host(cloud, sid)
    _write_marker(cloud, sid, source, server['marker'])
    booted = lv.wait_for_console(cloud, sid, server['marker'])
    seen = booted.count(server['marker'])

    started = time.monotonic()
    _act(cloud, sid, {'resize': {'flavorRef': 'mv2'}})
    resized = _wait(cloud, sid, 'VERIFY_RESIZE')
    print('resize took %.1fs' % (time.monotonic() - started))
    dest = _other(source)
    assert resized['OS-EXT-SRV-ATTR:host'] == dest
    assert resized['flavor']['id'] == 'mv2'
    # The guest on the destination boots from the disk that moved.
    lv.wait_for_console(cloud, sid, server['marker'])
    assert _entries(cloud.instances[source]) == [sid + '_resize']
    assert _migration(cloud, sid)['status'] == 'finished'
    assert _migration(cloud, sid)['migration_type'] == 'resize'

    started = time.monotonic()
    _act(cloud, sid, {'revertResize': None})
    reverted = _wait(cloud, sid, 'ACTIVE')
    print('revert took %.1fs' % (time.monotonic() - started))
    assert reverted['OS-EXT-SRV-ATTR:host'] == source
    assert reverted['flavor']['id'] == 'mv1'
    lv.wait_for_console(cloud, sid, server['marker'], count=seen + 1)
    assert _entries(cloud.instances[dest]) == []
    assert _entries(cloud.instances[source]) == [sid]
    assert _migration(cloud, sid)['status'] == 'reverted'


def test_resize_and_confirm(cloud, server):
    sid = server['id']
    source = _host(cloud, sid)
    _act(cloud, sid, {'resize': {'flavorRef': 'mv2'}})
    _wait(cloud, sid, 'VERIFY_RESIZE')
    lv.wait_for_console(cloud, sid, server['marker'])
    started = time.monotonic()
    _act(cloud, sid, {'confirmResize': None}, expect=204)
    confirmed = _wait(cloud, sid, 'ACTIVE')
    print('confirm took %.1fs' % (time.monotonic() - started))
    assert confirmed['OS-EXT-SRV-ATTR:host'] == _other(source)
    deadline = time.monotonic() + 30
    while _entries(cloud.instances[source]) and \
            time.monotonic() < deadline:
        time.sleep(0.5)
    assert _entries(cloud.instances[source]) == []
    assert _migration(cloud, sid)['status'] == 'confirmed'
    assert confirmed['flavor']['id'] == 'mv2'


def test_quota_refuses_a_too_large_resize(cloud, server):
    resp = cloud.api.post('/servers/%s/action' % server['id'],
                          {'resize': {'flavorRef': 'mvhuge'}})
    assert resp.status_code == 403, resp.text
    [fault] = resp.json().values()
    assert 'Quota exceeded for ram' in fault['message']
    assert _view(cloud, server['id'])['OS-EXT-STS:task_state'] is None


def test_cold_migrate(cloud, server):
    sid = server['id']
    source = _host(cloud, sid)
    resp = cloud.api.post('/servers/%s/action' % sid, {'migrate': None})
    assert resp.status_code == 403     # admin only
    started = time.monotonic()
    _act(cloud, sid, {'migrate': None}, client=cloud.admin)
    _wait(cloud, sid, 'VERIFY_RESIZE')
    print('migrate took %.1fs' % (time.monotonic() - started))
    assert _host(cloud, sid) == _other(source)
    assert _migration(cloud, sid)['migration_type'] == 'migration'
    lv.wait_for_console(cloud, sid, server['marker'])
    _act(cloud, sid, {'confirmResize': None}, expect=204)
    _wait(cloud, sid, 'ACTIVE')


def test_evacuate_after_kill_9_of_the_source(cloud, server):
    sid = server['id']
    source = _host(cloud, sid)
    dest = _other(source)
    name = _view(cloud, sid)['OS-EXT-SRV-ATTR:instance_name']
    process = cloud.processes['minova-compute-%s' % source]
    os.killpg(process.popen.pid, signal.SIGKILL)
    process.popen.wait(10)
    # The machine died: its guest with it.
    virsh('destroy', name, check=False)
    resp = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        resp = cloud.admin.post('/servers/%s/action' % sid,
                                {'evacuate': {}})
        if resp.status_code != 400:
            break
        time.sleep(1)     # until the service counts as down
    assert resp.status_code == 200, resp.text
    started = time.monotonic()
    evacuated = _wait(cloud, sid, 'ACTIVE')
    print('evacuate took %.1fs' % (time.monotonic() - started))
    assert evacuated['OS-EXT-SRV-ATTR:host'] == dest
    # Rebuilt from the image: a new disk, the image's own file.
    lv.wait_for_console(cloud, sid, 'minova test disk')
    assert lv.domstate(name) == 'running'
    assert _migration(cloud, sid)['migration_type'] == 'evacuation'
    assert _entries(cloud.instances[source]) == [sid]

    # The old host comes back and removes only what is its own.
    cloud.processes.pop('minova-compute-%s' % source).stop()
    cloud.start_compute(source)
    cloud.wait_for_computes(list(HOSTS), timeout=60)
    deadline = time.monotonic() + 60
    while _entries(cloud.instances[source]) and \
            time.monotonic() < deadline:
        time.sleep(0.5)
    assert _entries(cloud.instances[source]) == []
    assert _migration(cloud, sid)['status'] == 'completed'
    assert lv.domstate(name) == 'running'
    assert _view(cloud, sid)['status'] == 'ACTIVE'


def test_delete_leaves_nothing_on_either_host(cloud, server):
    sid = server['id']
    name = _view(cloud, sid)['OS-EXT-SRV-ATTR:instance_name']
    resp = cloud.api.delete('/servers/%s' % sid)
    assert resp.status_code == 204
    cloud.wait_for_deleted(sid, timeout=60)
    assert name not in virsh('list', '--all', '--name').stdout.split()
    for host in HOSTS:
        assert _entries(cloud.instances[host]) == []
    statuses = {m['status'] for m in cloud.admin.get(
        '/os-migrations').json()['migrations']}
    assert statuses <= {'reverted', 'confirmed', 'completed'}


# -- the real clients, on two fake-driver hosts ------------------------------

@pytest.fixture(scope='module')
def fake_cloud(make_cloud):
    c = make_cloud(computes={'host1': {}, 'host2': {}},
                   conf={'network': {'network_driver': 'noop'}})
    c.create_flavor('42', 'm1.nano', ram=128, disk=1, vcpus=1)
    c.create_flavor('43', 'm1.micro', ram=192, disk=1, vcpus=1)
    c.create_image(name='minova-test')
    c.api.version = c.admin.version = '2.37'
    return c


def _client(cloud, *cmd, token='demo:demo'):
    from tests.functional import readme
    env = readme.clean_env()
    endpoint = cloud.endpoint + '/v2.1'
    env.update(OS_AUTH_TYPE='admin_token', OS_TOKEN=token,
               OS_PROJECT_ID=token.split(':')[1],
               OS_ENDPOINT=endpoint, OS_AUTH_URL=endpoint,
               OS_COMPUTE_ENDPOINT_OVERRIDE=endpoint,
               OS_IMAGE_ENDPOINT_OVERRIDE=cloud.image_endpoint)
    if cmd[0] == 'openstack':
        # As the README's block: keystoneauth's admin_token takes no
        # project, and the identity endpoint is /v3.
        env['OS_ENDPOINT'] = cloud.endpoint + '/v3'
        del env['OS_PROJECT_ID']
    result = subprocess.run(list(cmd), env=env, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, (cmd, result.stdout, result.stderr)
    return result.stdout


def test_openstack_nova_and_minova_clients_move_a_server(fake_cloud):
    c = fake_cloud
    sid = c.boot(name='client-mover', flavorRef='42', networks='none',
                 imageRef=_image_id(c))['server']['id']
    c.wait_for_server(sid)
    minova = os.path.join(os.path.dirname(sys.executable), 'minova')
    _client(c, 'openstack', 'server', 'resize', '--flavor', 'm1.micro',
            '--wait', sid)
    assert _view(c, sid)['status'] == 'VERIFY_RESIZE'
    _client(c, 'openstack', 'server', 'resize', 'confirm', sid)
    c.wait_for_server(sid)
    assert _view(c, sid)['flavor']['id'] == '43'

    _client(c, 'nova', 'resize', '--poll', sid, 'm1.nano')
    assert _view(c, sid)['status'] == 'VERIFY_RESIZE'
    _client(c, 'nova', 'resize-revert', sid)
    c.wait_for_server(sid)
    assert _view(c, sid)['flavor']['id'] == '43'

    source = _host(c, sid)
    _client(c, minova, 'migrate', '--poll', sid, token='admin:admin')
    assert _host(c, sid) == _other(source)
    _client(c, minova, 'resize-confirm', sid)
    c.wait_for_server(sid)
    out = _client(c, minova, 'migration-list', '--json',
                  token='admin:admin')
    statuses = {m['Status'] for m in json.loads(out)}
    assert statuses == {'confirmed', 'reverted'}
    out = _client(c, 'openstack', 'server', 'migration', 'list', '-f',
                  'json', token='admin:admin')
    assert len(json.loads(out)) == 3
    assert 'migration' in _client(c, 'nova', 'migration-list',
                                  token='admin:admin')
    c.api.delete('/servers/%s' % sid)
    c.wait_for_deleted(sid)


def _image_id(cloud):
    import requests
    resp = requests.get(cloud.image_endpoint + '/v2/images',
                        headers={'X-Auth-Token': 'admin:admin'}, timeout=10)
    return [i['id'] for i in resp.json()['images']
            if i['name'] == 'minova-test'][0]
