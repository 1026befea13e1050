"""/os-hypervisors (integer ids, before 2.53)."""

import pytest

from minova.compute import rpcapi as compute_rpcapi
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault

DETAIL_KEYS = {'id', 'hypervisor_hostname', 'state', 'status', 'cpu_info',
               'current_workload', 'disk_available_least', 'free_disk_gb',
               'free_ram_mb', 'host_ip', 'hypervisor_type',
               'hypervisor_version', 'local_gb', 'local_gb_used',
               'memory_mb', 'memory_mb_used', 'running_vms', 'service',
               'vcpus', 'vcpus_used'}


@pytest.fixture
def nodes(api):
    services = [fakes.service('host%d' % i) for i in (1, 2, 3)]
    nodes = [fakes.compute_node('host%d' % i) for i in (1, 2, 3)]
    return services, nodes


def _get(api, path, version=None):
    resp = api.get('/v2.1/os-hypervisors' + path, token=ADMIN,
                   version=version)
    assert resp.status_int == 200, resp.text
    return resp.json


def test_index(api, nodes):
    body = _get(api, '')
    assert set(body) == {'hypervisors'}
    first = body['hypervisors'][0]
    assert set(first) == {'id', 'hypervisor_hostname', 'state', 'status'}
    assert first['id'] == nodes[1][0].id and isinstance(first['id'], int)
    assert first['hypervisor_hostname'] == 'host1.example.org'
    assert first['state'] == 'up' and first['status'] == 'enabled'
    assert len(body['hypervisors']) == 3


def test_state_and_status_follow_the_service(api, nodes):
    services, _ = nodes
    fakes.mark_down(services[0])
    services[1].disabled = True
    services[1].disabled_reason = 'maint'
    services[1].save()
    found = {h['hypervisor_hostname']: h
             for h in _get(api, '/detail')['hypervisors']}
    assert found['host1.example.org']['state'] == 'down'
    assert found['host2.example.org']['status'] == 'disabled'
    assert found['host2.example.org']['service']['disabled_reason'] == \
        'maint'


def test_detail(api, nodes):
    services, compute_nodes = nodes
    hyp = _get(api, '/detail')['hypervisors'][0]
    assert set(hyp) == DETAIL_KEYS
    assert hyp['service'] == {'id': services[0].id, 'host': 'host1',
                              'disabled_reason': None}
    assert hyp['vcpus'] == 8 and hyp['memory_mb'] == 16384
    assert hyp['hypervisor_type'] == 'QEMU'
    assert hyp['host_ip'] == '192.0.2.10'
    assert isinstance(hyp['cpu_info'], str)     # a JSON string until 2.28


def test_cpu_info_object_from_228(api, nodes):
    hyp = _get(api, '/detail', version='2.28')['hypervisors'][0]
    assert hyp['cpu_info'] == {'arch': 'x86_64', 'vendor': 'Intel'}
    fakes.service('host9')
    node = fakes.compute_node('host9', cpu_info=None)
    assert _get(api, '/%d' % node.id, version='2.28')['hypervisor'][
        'cpu_info'] == {}
    assert _get(api, '/%d' % node.id, version='2.27')['hypervisor'][
        'cpu_info'] is None


def test_show(api, nodes):
    node = nodes[1][1]
    body = _get(api, '/%d' % node.id)
    assert set(body['hypervisor']) == DETAIL_KEYS
    assert body['hypervisor']['hypervisor_hostname'] == 'host2.example.org'
    assert_fault(api.get('/v2.1/os-hypervisors/9999', token=ADMIN), 404)
    assert_fault(api.get('/v2.1/os-hypervisors/abc', token=ADMIN), 404)


def test_node_without_service_is_hidden(api, nodes):
    orphan = fakes.compute_node('gone')
    assert len(_get(api, '')['hypervisors']) == 3
    assert_fault(api.get('/v2.1/os-hypervisors/%d' % orphan.id,
                         token=ADMIN), 404)


def test_statistics(api, nodes):
    services, _ = nodes
    stats = _get(api, '/statistics')['hypervisor_statistics']
    assert stats['count'] == 3
    assert stats['vcpus'] == 24 and stats['memory_mb'] == 3 * 16384
    assert stats['running_vms'] == 6
    assert stats['disk_available_least'] == 3 * 85
    assert set(stats) == {'count', 'vcpus', 'memory_mb', 'local_gb',
                          'vcpus_used', 'memory_mb_used', 'local_gb_used',
                          'free_ram_mb', 'free_disk_gb', 'current_workload',
                          'running_vms', 'disk_available_least'}
    # Disabled hosts do not count.
    services[0].disabled = True
    services[0].save()
    assert _get(api, '/statistics')['hypervisor_statistics']['count'] == 2


def test_pagination_from_233(api, nodes):
    ids = [n.id for n in nodes[1]]
    body = _get(api, '?limit=2', version='2.33')
    assert [h['id'] for h in body['hypervisors']] == ids[:2]
    [link] = body['hypervisors_links']
    assert link['rel'] == 'next'
    assert '/os-hypervisors?' in link['href']
    assert 'marker=%d' % ids[1] in link['href']
    body = _get(api, '/detail?limit=2&marker=%d' % ids[1], version='2.33')
    assert [h['id'] for h in body['hypervisors']] == ids[2:]
    assert 'hypervisors_links' not in body
    body = _get(api, '/detail?limit=1', version='2.33')
    assert '/os-hypervisors/detail?' in body['hypervisors_links'][0]['href']
    assert_fault(api.get('/v2.1/os-hypervisors?marker=9999', token=ADMIN,
                         version='2.33'), 400)
    # Before 2.33 there is no pagination.
    assert len(_get(api, '?limit=1', version='2.32')['hypervisors']) == 3


@pytest.mark.parametrize('path', ['', '/detail', '/statistics', '/1',
                                  '/1/uptime', '/host/search',
                                  '/host/servers'])
def test_needs_admin(api, nodes, path):
    assert_fault(api.get('/v2.1/os-hypervisors' + path), 403)


# -- uptime, search and servers (Nova's routes before 2.53) -----------------

BASIC_KEYS = {'id', 'hypervisor_hostname', 'state', 'status'}
UPTIME = ' 13:37:00 up 5 min,  0 users,  load average: 0.00, 0.00, 0.00\n'


@pytest.fixture
def uptime_calls(monkeypatch):
    calls = []

    def get_host_uptime(self, ctxt, host):
        calls.append(host)
        return UPTIME
    monkeypatch.setattr(compute_rpcapi.ComputeAPI, 'get_host_uptime',
                        get_host_uptime)
    return calls


def test_uptime(api, nodes, uptime_calls):
    _services, compute_nodes = nodes
    body = _get(api, '/%d/uptime' % compute_nodes[1].id)
    assert set(body['hypervisor']) == BASIC_KEYS | {'uptime'}
    assert body['hypervisor']['uptime'] == UPTIME
    assert body['hypervisor']['id'] == compute_nodes[1].id
    assert uptime_calls == ['host2']


def test_uptime_of_a_down_host_is_400(api, nodes, uptime_calls):
    services, compute_nodes = nodes
    fakes.mark_down(services[0])
    message = assert_fault(api.get(
        '/v2.1/os-hypervisors/%d/uptime' % compute_nodes[0].id,
        token=ADMIN), 400)
    assert message == 'Compute service of host1 is unavailable at this time.'
    assert uptime_calls == []


@pytest.mark.parametrize('hyp_id', ['999', 'abc'])
def test_uptime_of_a_missing_hypervisor_is_404(api, nodes, uptime_calls,
                                               hyp_id):
    assert_fault(api.get('/v2.1/os-hypervisors/%s/uptime' % hyp_id,
                         token=ADMIN), 404)
    assert uptime_calls == []


@pytest.mark.parametrize('pattern,hosts', [
    ('host2', ['host2.example.org']),
    ('example', ['host1.example.org', 'host2.example.org',
                 'host3.example.org']),
    ('HOST3', ['host3.example.org']),
])
def test_search(api, nodes, pattern, hosts):
    for version in (None, '2.38'):
        found = _get(api, '/%s/search' % pattern, version)['hypervisors']
        assert [h['hypervisor_hostname'] for h in found] == hosts
        assert all(set(h) == BASIC_KEYS for h in found)


@pytest.mark.parametrize('path', ['/nomatch/search', '/nomatch/servers'])
def test_search_without_match_is_404(api, nodes, path):
    message = assert_fault(api.get('/v2.1/os-hypervisors' + path,
                                   token=ADMIN), 404)
    assert message == "No hypervisor matching 'nomatch' could be found."


def test_servers(api, nodes):
    inst = fakes.instance(host='host2', node='host2')
    found = _get(api, '/example/servers')['hypervisors']
    by_host = {h['hypervisor_hostname']: h for h in found}
    assert by_host['host2.example.org']['servers'] == [
        {'name': inst.name, 'uuid': inst.uuid}]
    assert inst.name.startswith('instance-')
    # Before 2.75 a hypervisor without servers has no servers key.
    assert set(by_host['host1.example.org']) == BASIC_KEYS
