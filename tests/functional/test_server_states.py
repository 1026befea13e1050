"""State actions, server data and quotas on the real services.

With the fake driver: metadata and tags, the quota that refuses the
eleventh server, os-quota-sets and usage, soft delete (restore, and
the reclaim by the compute host's periodic task), reset-state and
lock. With real libvirt (TCG, one guest): pause/unpause, suspend/resume
(managed save) and lock/unlock, checked in libvirt too.
"""

import os
import subprocess
import time

import pytest

from tests.functional import readme
from tests.functional import test_libvirt as lv
from tests.functional.test_libvirt import test_image_build  # noqa: F401

RECLAIM_SECONDS = 3


@pytest.fixture(scope='module')
def cloud(make_cloud):
    c = make_cloud(
        computes={'host1': {'fake_driver': {'memory_mb': 8192,
                                            'local_gb': 100}}},
        conf={'quota': {'instances': 10},
              'DEFAULT': {'reclaim_instance_interval': RECLAIM_SECONDS}})
    c.create_flavor('8', 'm1.eight', ram=64, disk=1, vcpus=1)
    c.image = c.create_image()
    return c


def _boot(cloud, name, client=None, **extra):
    body = dict(name=name, imageRef=cloud.image['id'], flavorRef='8',
                **extra)
    server = cloud.boot(client=client, **body)['server']
    return cloud.wait_for_server(server['id'], client=client)['id']


def _action(client, server_id, body, expect=202, version=None):
    resp = client.post('/servers/%s/action' % server_id, body,
                       version=version)
    assert resp.status_code == expect, resp.text
    return resp


def _force_delete(cloud, server_id):
    _action(cloud.api, server_id, {'forceDelete': None})
    cloud.wait_for_deleted(server_id)


def test_metadata_and_tags(cloud):
    server_id = _boot(cloud, 'data', metadata={'a': '1'})
    url = '/servers/%s' % server_id
    resp = cloud.api.post(url + '/metadata', {'metadata': {'b': '2'}})
    assert resp.json() == {'metadata': {'a': '1', 'b': '2'}}
    assert cloud.api.put(url + '/metadata/c', {'meta': {'c': '3'}}
                         ).status_code == 200
    assert cloud.api.delete(url + '/metadata/a').status_code == 204
    assert cloud.api.get(url).json()['server']['metadata'] == {'b': '2',
                                                               'c': '3'}
    tags = url + '/tags'
    assert cloud.api.put(tags + '/web', None,
                         version='2.26').status_code == 201
    assert cloud.api.put(tags + '/web', None,
                         version='2.26').status_code == 204
    assert cloud.api.get(tags, version='2.26').json() == {
        'tags': ['web']}
    listed = cloud.api.get('/servers?tags=web', version='2.26').json()
    assert [s['id'] for s in listed['servers']] == [server_id]
    assert cloud.api.get('/servers?not-tags=web', version='2.26').json()[
        'servers'] == []
    assert cloud.api.get(url, version='2.26').json()['server']['tags'] == \
        ['web']
    _force_delete(cloud, server_id)


def test_lock_reset_state_and_soft_delete(cloud):
    server_id = _boot(cloud, 'soft')
    _action(cloud.api, server_id, {'lock': None})
    resp = _action(cloud.api, server_id, {'pause': None}, expect=409)
    assert resp.json()['conflictingRequest']['message'] == \
        'Instance %s is locked' % server_id
    assert cloud.api.get('/servers/%s' % server_id, version='2.9').json()[
        'server']['locked'] is True
    _action(cloud.api, server_id, {'unlock': None})
    _action(cloud.admin, server_id, {'os-resetState': {'state': 'error'}})
    cloud.wait_for_server(server_id, ('ERROR',), with_fault=False)
    _action(cloud.admin, server_id, {'os-resetState': {'state': 'active'}})
    # Delete soft deletes; restore brings it back; the next delete is
    # reclaimed by host1 after reclaim_instance_interval.
    assert cloud.api.delete('/servers/%s' % server_id).status_code == 204
    soft = cloud.wait_for_server(server_id, ('SOFT_DELETED',))
    assert soft['OS-EXT-STS:power_state'] == 4
    _action(cloud.api, server_id, {'restore': None})
    assert cloud.wait_for_server(server_id)['OS-EXT-STS:power_state'] == 1
    assert cloud.api.delete('/servers/%s' % server_id).status_code == 204
    cloud.wait_for_server(server_id, ('SOFT_DELETED',))
    cloud.wait_for_deleted(server_id, timeout=RECLAIM_SECONDS * 10)
    actions = cloud.api.get('/servers/%s/os-instance-actions' % server_id,
                            version='2.21').json()['instanceActions']
    assert [a['action'] for a in actions] == [
        'delete', 'delete', 'restore', 'delete', 'unlock', 'lock', 'create']


def _clients_env(cloud, client, token):
    """Each client's noauth2 login, as README.md gives it."""
    env = readme.clean_env()
    compute = cloud.endpoint + '/v2.1'
    env.update(OS_AUTH_TYPE='admin_token', OS_TOKEN=token)
    if client == 'nova':
        env.update(OS_PROJECT_ID=token.split(':')[1], OS_ENDPOINT=compute,
                   OS_AUTH_URL=compute)
    else:
        env.update(OS_ENDPOINT=cloud.endpoint + '/v3',
                   OS_COMPUTE_ENDPOINT_OVERRIDE=compute,
                   OS_IMAGE_ENDPOINT_OVERRIDE=cloud.image_endpoint)
    return env


def _run(cloud, *cmd, token='demo:demo'):
    result = subprocess.run(list(cmd),
                            env=_clients_env(cloud, cmd[0], token),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (cmd, result.stderr)
    return result.stdout


def test_the_real_clients(cloud):
    """openstack, nova and minova drive the state actions, metadata,
    tags, quotas and usage."""
    server_id = _boot(cloud, 'clients')
    for verb, status in (('pause', 'PAUSED'), ('unpause', 'ACTIVE'),
                         ('suspend', 'SUSPENDED'), ('resume', 'ACTIVE')):
        _run(cloud, 'openstack', 'server', verb, server_id)
        cloud.wait_for_server(server_id, (status,))
    _run(cloud, 'openstack', 'server', 'lock', server_id)
    assert cloud.api.get('/servers/%s' % server_id, version='2.9').json()[
        'server']['locked']
    _run(cloud, 'nova', 'unlock', server_id)
    _run(cloud, 'openstack', '--os-compute-api-version', '2.26', 'server',
         'set', '--property', 'role=web', '--tag', 'blue', server_id)
    _run(cloud, 'nova', 'meta', server_id, 'set', 'tier=1')
    _run(cloud, 'minova', 'server-tag-add', server_id, 'green')
    server = cloud.api.get('/servers/%s' % server_id,
                           version='2.26').json()['server']
    assert server['metadata'] == {'role': 'web', 'tier': '1'}
    assert sorted(server['tags']) == ['blue', 'green']
    out = _run(cloud, 'minova', 'quota-show', '-f', 'value')
    assert 'instances 10' in out.splitlines()
    out = _run(cloud, 'nova', 'quota-show', '--tenant', 'demo')
    assert '| instances' in out
    _run(cloud, 'minova', 'quota-update', 'demo', '--key-pairs', '50',
         token='admin:admin')
    assert cloud.api.get('/os-quota-sets/demo').json()['quota_set'][
        'key_pairs'] == 50
    out = _run(cloud, 'openstack', 'usage', 'list', '-f', 'value',
               token='admin:admin')
    assert out.split()[0] == 'demo'
    out = _run(cloud, 'minova', 'usage-list', '-f', 'value',
               token='admin:admin')
    assert out.split()[0] == 'demo'
    _run(cloud, 'nova', 'usage-list', token='admin:admin')
    _run(cloud, 'minova', 'lock', server_id)
    _run(cloud, 'minova', 'unlock', server_id)
    _run(cloud, 'minova', 'force-delete', '--wait', server_id)


def test_the_eleventh_server_is_refused(cloud):
    resp = cloud.api.post('/servers', {'server': {
        'name': 'many', 'imageRef': cloud.image['id'], 'flavorRef': '8',
        'min_count': 10, 'max_count': 10}})
    assert resp.status_code == 202, resp.text
    servers = cloud.api.get('/servers?name=^many').json()['servers']
    assert len(servers) == 10
    for server in servers:
        cloud.wait_for_server(server['id'])
    resp = cloud.api.post('/servers', {'server': {
        'name': 'eleventh', 'imageRef': cloud.image['id'],
        'flavorRef': '8'}})
    assert resp.status_code == 403, resp.text
    assert resp.json()['forbidden']['message'] == (
        'Quota exceeded for instances: Requested 1, but already used 10 '
        'of 10 instances')
    detail = cloud.api.get('/os-quota-sets/demo/detail').json()['quota_set']
    assert detail['instances'] == {'limit': 10, 'in_use': 10,
                                   'reserved': 0}
    resp = cloud.admin.put('/os-quota-sets/demo',
                           {'quota_set': {'instances': 9}})
    assert resp.status_code == 400, resp.text
    resp = cloud.admin.put('/os-quota-sets/demo',
                           {'quota_set': {'instances': 11}})
    assert resp.status_code == 200, resp.text
    _boot(cloud, 'eleventh')
    usage = cloud.api.get('/os-simple-tenant-usage/demo').json()[
        'tenant_usage']
    assert len(usage['server_usages']) >= 11
    assert usage['total_hours'] > 0
    for server in cloud.api.get('/servers').json()['servers']:
        _action(cloud.api, server['id'], {'forceDelete': None})
    for server in servers:
        cloud.wait_for_deleted(server['id'])


# -- real libvirt -------------------------------------------------------------

@pytest.mark.slow
def test_pause_suspend_lock_round_trips_on_libvirt(request):
    lvcloud = request.getfixturevalue('libvirt_cloud')
    server_id = lv.boot(lvcloud, 'states')
    lvcloud.wait_for_server(server_id, timeout=lv.BOOT_TIMEOUT)
    name = lv.admin_view(lvcloud, server_id)['OS-EXT-SRV-ATTR:instance_name']
    seen = {}
    for body, status, domstate in (
            ({'pause': None}, 'PAUSED', 'paused'),
            ({'unpause': None}, 'ACTIVE', 'running'),
            ({'suspend': None}, 'SUSPENDED', 'shut off'),
            ({'resume': None}, 'ACTIVE', 'running')):
        started = time.monotonic()
        lv.action(lvcloud, server_id, body)
        lvcloud.wait_for_server(server_id, (status,), timeout=120)
        seen[next(iter(body))] = time.monotonic() - started
        assert lv.domstate(name) == domstate
        if status == 'SUSPENDED':
            assert lv.virsh('domstate', '--reason', name).stdout.strip() \
                == 'shut off (saved)'
    lv.action(lvcloud, server_id, {'lock': None})
    lv.action(lvcloud, server_id, {'pause': None}, expect=409)
    lv.action(lvcloud, server_id, {'unlock': None})
    lv.action(lvcloud, server_id, {'pause': None})
    lvcloud.wait_for_server(server_id, ('PAUSED',), timeout=60)
    print('seconds per action on TCG: %s' % seen)
    assert lvcloud.api.delete('/servers/%s' % server_id).status_code == 204
    lvcloud.wait_for_deleted(server_id, timeout=120)
    assert lv.domstate(name) is None
    assert not os.path.exists(os.path.join(lvcloud.instances_path,
                                           server_id))
    assert not os.path.exists('/var/lib/libvirt/qemu/save/%s.save' % name)


@pytest.fixture(scope='module')
def libvirt_cloud(make_cloud, test_image_build):  # noqa: F811
    """test_libvirt's kind of cloud (libvirt on host1), for this module."""
    c, tag = lv.start_libvirt_cloud(make_cloud)
    yield c
    lv.remove_domains(tag)
