"""The requests tempest and the real clients send, answered as Nova
answers them, on a real cloud (fake driver): each test is one request
that a user of Nova makes and what they get back."""

import json
import os
import subprocess
import time
import uuid

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import readme

MISSING = str(uuid.uuid4())


@pytest.fixture(scope='module')
def cloud(make_cloud):
    c = make_cloud(computes={'host1': {}})
    c.create_flavor('8', 'm1.eight', ram=128, disk=1, vcpus=1)
    c.image = c.create_image(name='conformance-image')
    return c


@pytest.fixture(scope='module')
def server(cloud):
    created = cloud.boot(name='conform', imageRef=cloud.image['id'],
                         flavorRef='8',
                         accessIPv6='0000:0000:0000:0000:0000:babe:'
                                    '220.12.22.2')
    return cloud.wait_for_server(created['server']['id'])


def _action(cloud, server_id, body, client=None):
    return (client or cloud.api).post('/servers/%s/action' % server_id, body)


def test_access_ip_is_shown_canonical(server):
    assert server['accessIPv6'] == '::babe:dc0c:1602'


def test_stop_and_start_with_an_empty_object(cloud, server):
    # tempest's servers_client sends {"os-stop": {}}.
    assert _action(cloud, server['id'], {'os-stop': {}}).status_code == 202
    cloud.wait_for_server(server['id'], ('SHUTOFF',))
    assert _action(cloud, server['id'], {'os-start': {}}).status_code == 202
    cloud.wait_for_server(server['id'])


def test_actions_on_a_missing_server_and_unknown_actions(cloud, server):
    assert _action(cloud, MISSING, {'os-stop': {}}).status_code == 404
    resp = _action(cloud, server['id'], {'os-fly': {}})
    assert resp.status_code == 400
    assert resp.json() == {'badRequest': {
        'code': 400, 'message': 'There is no such action: os-fly'}}


def test_update_answers_with_the_update_view(cloud, server):
    resp = cloud.api.put('/servers/%s' % server['id'],
                         {'server': {'name': 'renamed',
                                     'accessIPv4': '192.0.2.7'}})
    assert resp.status_code == 200, resp.text
    updated = resp.json()['server']
    assert updated['name'] == 'renamed'
    assert updated['accessIPv4'] == '192.0.2.7'
    assert 'OS-EXT-STS:vm_state' not in updated
    assert 'key_name' not in updated and 'security_groups' not in updated
    cloud.api.put('/servers/%s' % server['id'],
                  {'server': {'name': 'conform'}})


def test_console_output_has_exactly_the_lines_asked(cloud, server):
    resp = _action(cloud, server['id'],
                   {'os-getConsoleOutput': {'length': 2}})
    assert resp.status_code == 200, resp.text
    assert len(resp.json()['output'].split('\n')) == 2


def test_both_request_id_headers_name_the_recorded_action(cloud, server):
    resp = _action(cloud, server['id'], {'reboot': {'type': 'HARD'}})
    assert resp.status_code == 202
    request_id = resp.headers['x-compute-request-id']
    assert resp.headers['x-openstack-request-id'] == request_id
    cloud.wait_for_server(server['id'])
    actions = cloud.api.get('/servers/%s/os-instance-actions'
                            % server['id']).json()['instanceActions']
    assert request_id in [a['request_id'] for a in actions]


def test_all_tenants_with_tenant_id(cloud, server):
    alt = cloud_lib.APIClient(cloud.endpoint, token='alt:alt')
    theirs = cloud.boot(client=alt, name='alt-server',
                        imageRef=cloud.image['id'], flavorRef='8')
    cloud.wait_for_server(theirs['server']['id'], client=alt)
    for tenant, names in (('alt', ['alt-server']), ('demo', ['conform'])):
        resp = cloud.admin.get('/servers?all_tenants=1&tenant_id=%s'
                               % tenant)
        assert [s['name'] for s in resp.json()['servers']] == names


def test_services_by_nova_binary_name(cloud):
    resp = cloud.admin.get('/os-services?binary=nova-compute')
    assert [(s['host'], s['binary']) for s in resp.json()['services']] == \
        [('host1', 'nova-compute')]
    disabled = cloud.admin.put('/os-services/disable', {
        'host': 'host1', 'binary': 'nova-compute'})
    assert disabled.status_code == 200, disabled.text
    assert cloud.admin.put('/os-services/enable', {
        'host': 'host1', 'binary': 'nova-compute'}).status_code == 200


def test_hypervisor_uptime_search_and_servers(cloud, server):
    [hyp] = cloud.admin.get('/os-hypervisors').json()['hypervisors']
    # uptime asks the compute process over RPC.
    uptime = cloud.admin.get('/os-hypervisors/%d/uptime' % hyp['id'])
    assert uptime.status_code == 200, uptime.text
    assert ' up ' in uptime.json()['hypervisor']['uptime']
    found = cloud.admin.get('/os-hypervisors/host/search').json()
    assert [h['id'] for h in found['hypervisors']] == [hyp['id']]
    servers = cloud.admin.get('/os-hypervisors/host1/servers').json()
    assert server['id'] in [s['uuid'] for s in
                            servers['hypervisors'][0]['servers']]


def test_inject_network_info_reaches_the_guest(cloud, server):
    assert _action(cloud, server['id'], {'injectNetworkInfo': None},
                   client=cloud.api).status_code == 403
    assert _action(cloud, server['id'], {'injectNetworkInfo': None},
                   client=cloud.admin).status_code == 202
    for _attempt in range(100):
        output = _action(cloud, server['id'],
                         {'os-getConsoleOutput': {}}).json()['output']
        if 'network info injected' in output:
            return
        time.sleep(0.1)
    raise AssertionError('no injection in the console: %s' % output)


def test_server_password_is_empty_then_cleared(cloud, server):
    path = '/servers/%s/os-server-password' % server['id']
    assert cloud.api.get(path).json() == {'password': ''}
    assert cloud.api.delete(path).status_code == 204


def test_image_proxy(cloud):
    image = cloud.create_image(name='proxied')
    listed = cloud.api.get('/images').json()['images']
    assert 'proxied' in [i['name'] for i in listed]
    meta = cloud.admin.post('/images/%s/metadata' % image['id'],
                            {'metadata': {'os_distro': 'cirros'}})
    assert meta.status_code == 200, meta.text
    shown = cloud.api.get('/images/%s' % image['id']).json()['image']
    assert shown['metadata'] == {'os_distro': 'cirros'}
    assert shown['status'] == 'ACTIVE'
    assert cloud.api.get('/images', version='2.36').status_code == 404
    assert cloud.admin.delete('/images/%s' % image['id']).status_code == 204
    assert cloud.api.get('/images/%s' % image['id']).status_code == 404


def test_image_api_in_filter(cloud):
    other = cloud.create_image(name='other')
    resp = requests.get(cloud.image_endpoint + '/v2/images?id=in:%s,%s'
                        % (cloud.image['id'], other['id']),
                        headers={'X-Auth-Token': 'demo:demo'}, timeout=10)
    assert sorted(i['name'] for i in resp.json()['images']) == \
        ['conformance-image', 'other']


def test_openstack_server_list_shows_the_image(cloud, server):
    env = readme.clean_env()
    env.update(OS_AUTH_TYPE='admin_token', OS_TOKEN='demo:demo',
               OS_ENDPOINT=cloud.endpoint + '/v3',
               OS_COMPUTE_ENDPOINT_OVERRIDE=cloud.endpoint + '/v2.1',
               OS_IMAGE_ENDPOINT_OVERRIDE=cloud.image_endpoint)
    result = subprocess.run(
        [os.path.join(readme.BIN, 'openstack'), 'server', 'list', '-f',
         'json', '--name', '^conform$'],
        env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row['Image'] == 'conformance-image'
