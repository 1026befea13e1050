"""The control plane, end to end: api -> conductor -> scheduler -> compute
as separate processes over the real RabbitMQ and a real SQL database,
driven over HTTP the way novaclient and curl drive Nova."""

import time

import pytest
import requests

from tests.functional import cloud as cloud_lib

TENANT = '14fd316568bc4f6992ba161fd4e23001'
TOKEN = '3b9da36bfcf4491f88994b25c3045f95'


@pytest.fixture(scope='module', params=['sqlite', 'mysql'])
def cloud(request, make_cloud):
    c = make_cloud(db_backend=request.param, computes={
        'host1': {}, 'host2': {}})
    c.create_flavor('8', 'm1.eight', ram=128, disk=1, vcpus=1)
    c.image = c.create_image()
    return c


def _servers(c, client=None, **params):
    client = client or c.api
    resp = client.get('/servers/detail', headers={})
    assert resp.status_code == 200
    return resp.json()['servers']


def test_curl_request_from_the_issue_reaches_active(cloud):
    """The exact legacy v2 request: tenant in the path, a raw token and
    X-Auth-Project-Id, as python-novaclient sends it."""
    headers = {'X-Auth-Project-Id': TENANT,
               'User-Agent': 'python-novaclient',
               'Content-Type': 'application/json',
               'Accept': 'application/json', 'X-Auth-Token': TOKEN}
    key = requests.post(cloud.endpoint + '/v2/%s/os-keypairs' % TENANT,
                        json={'keypair': {'name': 'keyName'}},
                        headers=headers, timeout=10)
    assert key.status_code == 200, key.text
    body = {'server': {'name': 'createVm', 'imageRef': cloud.image['id'],
                       'availability_zone': 'nova', 'key_name': 'keyName',
                       'flavorRef': '8', 'max_count': 1, 'min_count': 1}}
    resp = requests.post(cloud.endpoint + '/v2/%s/servers' % TENANT,
                         json=body, headers=headers, timeout=10)
    assert resp.status_code == 202, resp.text
    server = resp.json()['server']
    assert server['adminPass']
    assert resp.headers['Location'].endswith('/servers/%s' % server['id'])
    assert 'x-openstack-request-id' in resp.headers
    user = cloud_lib.APIClient(cloud.endpoint, token=TOKEN)
    active = cloud.wait_for_server(
        server['id'], client=user.__class__(cloud.endpoint,
                                            token='%s:%s' % (TOKEN, TENANT)))
    assert active['key_name'] == 'keyName'
    assert active['tenant_id'] == TENANT
    admin_view = cloud.admin.get('/servers/%s' % server['id']).json()
    assert admin_view['server']['OS-EXT-SRV-ATTR:host'] in ('host1',
                                                            'host2')
    # The same server through both v2.1 URL forms.
    for path in ('/v2.1/servers/%s' % server['id'],
                 '/v2.1/%s/servers/%s' % (TENANT, server['id'])):
        got = requests.get(cloud.endpoint + path, headers=headers,
                           timeout=10)
        assert got.status_code == 200, got.text
        assert got.json()['server']['status'] == 'ACTIVE'


def test_create_through_v21_urls(cloud):
    for prefix in ('', '/demo'):
        resp = cloud.api.post(prefix + '/servers', {'server': {
            'name': 'v21%s' % prefix.replace('/', '-'),
            'imageRef': cloud.image['id'], 'flavorRef': '8'}})
        assert resp.status_code == 202, resp.text
        server = cloud.wait_for_server(resp.json()['server']['id'])
        assert server['status'] == 'ACTIVE'
        assert server['OS-EXT-STS:power_state'] == 1
        assert server['OS-SRV-USG:launched_at']


def test_multi_create_spreads_over_hosts(cloud):
    resp = cloud.api.post('/servers', {'server': {
        'name': 'multi', 'imageRef': cloud.image['id'], 'flavorRef': '8',
        'min_count': 4, 'max_count': 4, 'return_reservation_id': True}})
    assert resp.status_code == 202, resp.text
    reservation_id = resp.json()['reservation_id']
    listed = cloud.admin.get('/servers/detail?all_tenants=1&'
                             'reservation_id=%s' % reservation_id).json()
    servers = listed['servers']
    assert sorted(s['name'] for s in servers) == [
        'multi-1', 'multi-2', 'multi-3', 'multi-4']
    hosts = []
    for s in servers:
        cloud.wait_for_server(s['id'])
        hosts.append(cloud.admin.get('/servers/%s' % s['id']).json()[
            'server']['OS-EXT-SRV-ATTR:host'])
    assert sorted(hosts) == ['host1', 'host1', 'host2', 'host2']


def test_anti_affinity_group_and_no_valid_host(cloud):
    group = cloud.api.post('/os-server-groups', {'server_group': {
        'name': 'apart', 'policies': ['anti-affinity']}})
    assert group.status_code == 200, group.text
    group_id = group.json()['server_group']['id']
    ids = []
    for i in range(2):
        ids.append(cloud.boot(name='apart-%d' % i,
                              imageRef=cloud.image['id'], flavorRef='8',
                              scheduler_hints={'group': group_id})[
            'server']['id'])
    hosts = {cloud.admin.get('/servers/%s' % cloud.wait_for_server(i)[
        'id']).json()['server']['OS-EXT-SRV-ATTR:host'] for i in ids}
    assert hosts == {'host1', 'host2'}
    third = cloud.boot(name='apart-2', imageRef=cloud.image['id'],
                       flavorRef='8', scheduler_hints={'group': group_id})
    server = cloud.wait_for_server(third['server']['id'], ('ERROR',))
    assert 'No valid host was found' in server['fault']['message']
    members = cloud.api.get('/os-server-groups/%s' % group_id).json()
    assert set(ids) <= set(members['server_group']['members'])


def test_no_valid_host_for_a_flavor_too_big(cloud):
    cloud.create_flavor('huge', 'm1.huge', ram=200000, disk=1, vcpus=1)
    server = cloud.boot(name='too-big', imageRef=cloud.image['id'],
                        flavorRef='huge')
    error = cloud.wait_for_server(server['server']['id'], ('ERROR',))
    assert error['fault']['code'] == 500
    assert 'No valid host was found' in error['fault']['message']
    assert error['OS-EXT-STS:vm_state'] == 'error'


def test_reboot_stop_start_console_and_delete(cloud):
    server = cloud.boot(name='lifecycle', imageRef=cloud.image['id'],
                        flavorRef='8')
    sid = server['server']['id']
    cloud.wait_for_server(sid)
    for body, status in (({'reboot': {'type': 'SOFT'}}, 'ACTIVE'),
                         ({'reboot': {'type': 'HARD'}}, 'ACTIVE'),
                         ({'os-stop': None}, 'SHUTOFF'),
                         ({'os-start': None}, 'ACTIVE')):
        resp = cloud.api.post('/servers/%s/action' % sid, body)
        assert resp.status_code == 202, resp.text
        got = cloud.wait_for_server(sid, (status,))
        assert got['OS-EXT-STS:power_state'] == (4 if status == 'SHUTOFF'
                                                 else 1)
    # Starting a running server is a conflict, as in Nova.
    resp = cloud.api.post('/servers/%s/action' % sid, {'os-start': None})
    assert resp.status_code == 409
    assert 'conflictingRequest' in resp.json()
    console = cloud.api.post('/servers/%s/action' % sid,
                             {'os-getConsoleOutput': {'length': 2}})
    assert console.status_code == 200, console.text
    # Nova cuts the log at newlines: length=2 of a log that ends with a
    # newline is its last line and the empty piece after it.
    lines = console.json()['output'].split('\n')
    assert len(lines) == 2 and 'powered on' in lines[0] and lines[1] == ''
    actions = cloud.api.get('/servers/%s/os-instance-actions' % sid).json()
    names = [a['action'] for a in actions['instanceActions']]
    assert names[-1] == 'create' and {'reboot', 'stop', 'start'} <= set(
        names)
    create = actions['instanceActions'][-1]
    detail = cloud.admin.get('/servers/%s/os-instance-actions/%s' % (
        sid, create['request_id'])).json()['instanceAction']
    events = {e['event']: e['result'] for e in detail['events']}
    assert events['compute__do_build_and_run_instance'] == 'Success'
    resp = cloud.api.delete('/servers/%s' % sid)
    assert resp.status_code == 204
    cloud.wait_for_deleted(sid)
    assert cloud.api.get('/servers/%s' % sid).status_code == 404


def test_list_filters_and_pagination(cloud):
    resp = cloud.api.post('/servers', {'server': {
        'name': 'page', 'imageRef': cloud.image['id'], 'flavorRef': '8',
        'min_count': 3, 'max_count': 3}})
    assert resp.status_code == 202
    before = time.time()
    first = cloud.api.get('/servers?name=page&limit=2').json()
    assert len(first['servers']) == 2
    assert first['servers_links'][0]['rel'] == 'next'
    marker = first['servers'][-1]['id']
    rest = cloud.api.get('/servers?name=page&limit=2&marker=%s'
                         % marker).json()
    assert len(rest['servers']) == 1
    ids = {s['id'] for s in first['servers'] + rest['servers']}
    assert len(ids) == 3
    assert cloud.api.get('/servers?marker=nope').status_code == 400
    for sid in ids:
        cloud.wait_for_server(sid)
    active = cloud.api.get('/servers/detail?name=page&status=ACTIVE')
    assert len(active.json()['servers']) == 3
    bad = cloud.api.get('/servers?status=NOPE', version='2.38')
    assert bad.status_code == 400
    assert cloud.api.get('/servers?status=NOPE').json()['servers'] == []
    gone = sorted(ids)[0]
    cloud.api.delete('/servers/%s' % gone)
    cloud.wait_for_deleted(gone)
    since = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(before - 60))
    changed = cloud.api.get('/servers/detail?changes-since=%s&name=page'
                            % since).json()['servers']
    statuses = {s['id']: s['status'] for s in changed}
    assert statuses[gone] == 'DELETED'


def test_update_name(cloud):
    sid = cloud.boot(name='before', imageRef=cloud.image['id'],
                     flavorRef='8')['server']['id']
    resp = cloud.api.put('/servers/%s' % sid, {'server': {'name': 'after'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['name'] == 'after'
    assert cloud.api.get('/servers/%s' % sid).json()['server'][
        'name'] == 'after'


def test_bad_input_gets_nova_errors_and_writes_nothing(cloud):
    before = len(cloud.admin.get('/servers?all_tenants=1').json()[
        'servers'])
    image = cloud.image['id']
    cases = [
        (b'{"server": ', 400, 'badRequest'),
        ({'server': {'name': 'x', 'flavorRef': '8', 'imageRef': image,
                     'unknown': 1}}, 400, 'badRequest'),
        ({'server': {'name': 'x', 'flavorRef': 'nope',
                     'imageRef': image}}, 400, 'badRequest'),
        ({'server': {'name': 'x', 'flavorRef': '8',
                     'imageRef': '8e5b5e84-0000-4000-8000-000000000000'}},
         400, 'badRequest'),
        ({'server': {'name': 'x', 'flavorRef': '8', 'imageRef': image,
                     'key_name': 'missing'}}, 400, 'badRequest'),
        ({'server': {'name': 'x', 'flavorRef': '8', 'imageRef': image,
                     'min_count': 3, 'max_count': 2}}, 400, 'badRequest'),
        ({'server': {'name': 'x', 'flavorRef': '8', 'imageRef': image,
                     'min_count': 50, 'max_count': 50}}, 403, 'forbidden'),
        ({'server': {'name': 'x', 'flavorRef': '8', 'imageRef': image,
                     'availability_zone': 'nowhere'}}, 400, 'badRequest'),
        ({'server': {'name': 1, 'flavorRef': '8', 'imageRef': image}},
         400, 'badRequest'),
    ]
    for body, code, key in cases:
        resp = cloud.api.post('/servers', body)
        assert resp.status_code == code, (body, resp.text)
        assert resp.json()[key]['code'] == code
        assert resp.json()[key]['message']
    resp = cloud.api.get('/servers', version='2.1000')
    assert resp.status_code == 406
    resp = cloud.api.get('/servers', version='two')
    assert resp.status_code == 400
    after = len(cloud.admin.get('/servers?all_tenants=1').json()[
        'servers'])
    assert after == before
