"""/os-services (integer ids, before 2.53)."""

import re

import pytest

from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault

KEYS = {'id', 'binary', 'host', 'zone', 'status', 'state', 'updated_at',
        'disabled_reason'}


@pytest.fixture
def services(api):
    conductor = fakes.service('ctl', 'minova-conductor')
    compute1 = fakes.service('host1')
    compute2 = fakes.service('host2')
    fakes.compute_node('host2', availability_zone='az2')
    compute1.heartbeat()    # gives updated_at a value
    return conductor, compute1, compute2


def _get(api, query='', version=None):
    resp = api.get('/v2.1/os-services' + query, token=ADMIN,
                   version=version)
    assert resp.status_int == 200, resp.text
    return {s['host'] + ' ' + s['binary']: s for s in resp.json['services']}


def _service(host='host1', binary='minova-compute'):
    return objects.Service.get_by_host_and_binary(fakes.admin_ctx(), host,
                                                  binary)


def test_index(api, services):
    found = _get(api)
    assert set(found) == {'ctl minova-conductor', 'host1 minova-compute',
                          'host2 minova-compute'}
    compute = found['host1 minova-compute']
    assert set(compute) == KEYS
    assert compute['id'] == services[1].id and isinstance(compute['id'],
                                                          int)
    assert compute['zone'] == 'nova'
    assert compute['status'] == 'enabled' and compute['state'] == 'up'
    assert compute['disabled_reason'] is None
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$',
                    compute['updated_at'])
    assert found['ctl minova-conductor']['zone'] == 'internal'
    assert found['host2 minova-compute']['zone'] == 'az2'


def test_index_state_and_forced_down(api, services):
    fakes.mark_down(services[2])
    found = _get(api)
    assert found['host2 minova-compute']['state'] == 'down'
    assert 'forced_down' not in found['host1 minova-compute']
    found = _get(api, version='2.11')
    assert found['host1 minova-compute']['forced_down'] is False


def test_index_filters(api, services):
    assert set(_get(api, '?host=host1')) == {'host1 minova-compute'}
    assert set(_get(api, '?binary=minova-conductor')) == {
        'ctl minova-conductor'}
    assert _get(api, '?host=nope') == {}


@pytest.mark.parametrize('query,expected', [
    # Nova's spelling finds minova's services and shows them so.
    ('?binary=nova-compute', {'host1 nova-compute', 'host2 nova-compute'}),
    ('?binary=nova-conductor', {'ctl nova-conductor'}),
    ('?binary=nova-compute&host=host2', {'host2 nova-compute'}),
    ('?binary=minova-compute', {'host1 minova-compute',
                                'host2 minova-compute'}),
    ('?binary=nova-scheduler', set()),
    ('?binary=xxx', set()),
])
def test_index_filter_by_nova_binary_names(api, services, query, expected):
    assert set(_get(api, query)) == expected


@pytest.mark.parametrize('binary', ['nova-compute', 'minova-compute'])
def test_disable_by_nova_binary_name(api, services, binary):
    body = {'host': 'host1', 'binary': binary}
    resp = api.put('/v2.1/os-services/disable', body, token=ADMIN)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'service': {'host': 'host1', 'binary': binary,
                                     'status': 'disabled'}}
    assert _service().disabled
    api.put('/v2.1/os-services/enable', body, token=ADMIN)
    assert not _service().disabled


def test_disable_nova_conductor_is_400(api, services):
    message = assert_fault(api.put(
        '/v2.1/os-services/disable',
        {'host': 'ctl', 'binary': 'nova-conductor'}, token=ADMIN), 400)
    assert message.startswith('Updating a nova-conductor service')


def test_index_needs_admin(api, services):
    assert_fault(api.get('/v2.1/os-services'), 403)


# -- update ----------------------------------------------------------------

BODY = {'host': 'host1', 'binary': 'minova-compute'}


def test_disable_and_enable(api, services):
    resp = api.put('/v2.1/os-services/disable', BODY, token=ADMIN)
    assert resp.status_int == 200
    assert resp.json == {'service': dict(BODY, status='disabled')}
    assert _service().disabled is True
    assert _get(api)['host1 minova-compute']['status'] == 'disabled'
    resp = api.put('/v2.1/os-services/enable', BODY, token=ADMIN)
    assert resp.json == {'service': dict(BODY, status='enabled')}
    assert _service().disabled is False


def test_disable_log_reason(api, services):
    resp = api.put('/v2.1/os-services/disable-log-reason',
                   dict(BODY, disabled_reason='maintenance'), token=ADMIN)
    assert resp.status_int == 200
    assert resp.json == {'service': dict(BODY, status='disabled',
                                         disabled_reason='maintenance')}
    service = _service()
    assert service.disabled and service.disabled_reason == 'maintenance'
    assert _get(api)['host1 minova-compute'][
        'disabled_reason'] == 'maintenance'
    api.put('/v2.1/os-services/enable', BODY, token=ADMIN)
    assert _service().disabled_reason is None


def test_disable_log_reason_needs_reason(api, services):
    msg = assert_fault(api.put('/v2.1/os-services/disable-log-reason', BODY,
                               token=ADMIN), 400)
    assert msg == 'Missing disabled reason field'
    assert _service().disabled is False


def test_force_down(api, services):
    resp = api.put('/v2.1/os-services/force-down',
                   dict(BODY, forced_down=True), token=ADMIN,
                   version='2.11')
    assert resp.status_int == 200
    assert resp.json == {'service': dict(BODY, forced_down=True)}
    found = _get(api, version='2.11')['host1 minova-compute']
    assert found['forced_down'] is True and found['state'] == 'down'
    resp = api.put('/v2.1/os-services/force-down',
                   dict(BODY, forced_down='false'), token=ADMIN,
                   version='2.11')
    assert resp.json['service']['forced_down'] is False
    assert_fault(api.put('/v2.1/os-services/force-down', BODY, token=ADMIN,
                         version='2.11'), 400)


def test_force_down_before_211(api, services):
    # Unknown action before 2.11; forced_down not even a known field.
    assert_fault(api.put('/v2.1/os-services/force-down', BODY, token=ADMIN,
                         version='2.10'), 404)
    assert_fault(api.put('/v2.1/os-services/force-down',
                         dict(BODY, forced_down=True), token=ADMIN,
                         version='2.10'), 400)
    assert _service().forced_down is False


@pytest.mark.parametrize('action,body,code', [
    ('reboot', BODY, 404),
    ('disable', {'host': 'host1'}, 400),
    ('disable', dict(BODY, colour='red'), 400),
    ('disable', dict(BODY, host='bad host!'), 400),
    ('disable', {'host': 'host1', 'binary': 'minova-conductor'}, 400),
    ('disable', {'host': 'ctl', 'binary': 'minova-conductor'}, 400),
    ('disable', {'host': 'nohost', 'binary': 'minova-compute'}, 404),
    ('disable-log-reason', dict(BODY, disabled_reason=''), 400),
])
def test_update_errors(api, services, action, body, code):
    assert_fault(api.put('/v2.1/os-services/' + action, body, token=ADMIN),
                 code)
    assert not any(s.disabled for s in objects.ServiceList.get_all(
        fakes.admin_ctx()))


def test_update_needs_admin(api, services):
    assert_fault(api.put('/v2.1/os-services/disable', BODY), 403)
    assert _service().disabled is False


# -- delete ----------------------------------------------------------------

def test_delete(api, services):
    service_id = services[2].id
    resp = api.delete('/v2.1/os-services/%d' % service_id, token=ADMIN)
    assert resp.status_int == 204
    assert resp.body == b''
    assert 'host2 minova-compute' not in _get(api)
    # Its compute node goes with it.
    assert objects.ComputeNodeList.get_by_host(fakes.admin_ctx(),
                                               'host2').objects == []
    assert_fault(api.delete('/v2.1/os-services/%d' % service_id,
                            token=ADMIN), 404)


def test_delete_errors(api, services):
    assert_fault(api.delete('/v2.1/os-services/abc', token=ADMIN), 400)
    assert_fault(api.delete('/v2.1/os-services/9999', token=ADMIN), 404)
    assert_fault(api.delete('/v2.1/os-services/%d' % services[0].id), 403)
    fakes.instance(host='host1')
    msg = assert_fault(api.delete('/v2.1/os-services/%d' % services[1].id,
                                  token=ADMIN), 409)
    assert 'hosting instances' in msg
    assert len(_get(api)) == 3
