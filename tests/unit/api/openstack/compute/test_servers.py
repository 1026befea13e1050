"""GET /servers, /servers/detail, /servers/{id}; PUT and DELETE."""

import datetime
from urllib import parse

from oslo_utils import timeutils
import pytest

from minova.db import api as db
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.network import fakes as network_fakes

BASE_KEYS = {
    'id', 'name', 'status', 'tenant_id', 'user_id', 'metadata', 'hostId',
    'image', 'flavor', 'created', 'updated', 'addresses', 'accessIPv4',
    'accessIPv6', 'links', 'OS-DCF:diskConfig',
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state',
    'OS-EXT-STS:power_state', 'os-extended-volumes:volumes_attached',
    'security_groups'}
ADMIN_KEYS = {'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:instance_name',
              'OS-EXT-SRV-ATTR:hypervisor_hostname'}
ADMIN_2_3_KEYS = {
    'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:launch_index',
    'OS-EXT-SRV-ATTR:kernel_id', 'OS-EXT-SRV-ATTR:ramdisk_id',
    'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:root_device_name',
    'OS-EXT-SRV-ATTR:user_data'}


def _get(api, path, token=fakes.USER, version=None, status=200):
    resp = api.get(sf.SERVERS + path, token=token, version=version)
    assert resp.status_int == status, resp.text
    return resp.json


def _names(api, query='', **kwargs):
    return sorted(s['name'] for s in _get(api, query, **kwargs)['servers'])


@pytest.fixture
def states(api, flavor):
    """One server per interesting state, all of proj1 but 'theirs'."""
    make = sf.server
    return {
        'active': make(flavor, display_name='active'),
        'rebooting': make(flavor, display_name='rebooting',
                          task_state='rebooting'),
        'stopped': make(flavor, display_name='stopped',
                        vm_state='stopped', power_state=4),
        'building': make(flavor, display_name='building',
                         vm_state='building', task_state='scheduling',
                         host=None),
        'error': make(flavor, display_name='error', vm_state='error'),
        'theirs': make(flavor, display_name='theirs', project_id='proj2',
                       user_id='bob'),
    }


# -- list --------------------------------------------------------------------

def test_index_shows_own_servers_with_links(api, states):
    servers = _get(api, '')['servers']
    assert sorted(s['name'] for s in servers) == [
        'active', 'building', 'error', 'rebooting', 'stopped']
    first = servers[0]
    assert set(first) == {'id', 'name', 'links'}
    assert first['links'] == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/servers/%s'
         % first['id']},
        {'rel': 'bookmark', 'href': 'http://localhost/servers/%s'
         % first['id']}]


def test_index_newest_first(api, states):
    names = [s['name'] for s in _get(api, '')['servers']]
    assert names == ['error', 'building', 'stopped', 'rebooting', 'active']


def test_detail_shows_full_servers(api, states):
    servers = {s['name']: s for s in _get(api, '/detail')['servers']}
    assert set(servers['active']) == BASE_KEYS | {'progress'}
    assert servers['active']['status'] == 'ACTIVE'
    assert servers['rebooting']['status'] == 'REBOOT'
    assert servers['stopped']['status'] == 'SHUTOFF'
    assert 'progress' not in servers['stopped']
    assert servers['building']['status'] == 'BUILD'
    assert servers['error']['status'] == 'ERROR'


@pytest.mark.parametrize('query,names', [
    ('?name=stop', ['stopped']),
    ('?name=nothing', []),
    # name is a regular expression, as in Nova.
    ('?name=^(active|error)$', ['active', 'error']),
    ('?name=^stop$', []),
    ('?status=ACTIVE', ['active']),
    ('?status=active', ['active']),
    ('?status=REBOOT', ['rebooting']),
    ('?status=SHUTOFF&status=ERROR', ['error', 'stopped']),
    ('?status=BUILD', ['building']),
    ('?flavor=1', ['active', 'building', 'error', 'rebooting', 'stopped']),
    ('?flavor=42', []),
    ('?image=' + sf.IMAGE, ['active', 'building', 'error', 'rebooting',
                            'stopped']),
])
def test_filters(api, states, query, names):
    assert _names(api, query) == names
    assert _names(api, '/detail' + query) == names


def test_unknown_status_before_and_after_2_38(api, states):
    assert _names(api, '?status=BOGUS', version='2.37') == []
    resp = api.get(sf.SERVERS + '?status=BOGUS', version='2.38')
    assert assert_fault(resp, 400) == 'Invalid status value: BOGUS'


def test_reservation_id_filter(api, states):
    reservation = states['stopped'].reservation_id
    assert _names(api, '?reservation_id=' + reservation) == ['stopped']


def test_host_filter_is_for_admins(api, states):
    states['error'].host = 'host2'
    states['error'].save()
    assert _names(api, '?all_tenants=1&host=host2', token=ADMIN) == \
        ['error']
    # Ignored for users: their own servers on every host.
    assert len(_names(api, '?host=host2')) == 5


def test_all_tenants_is_admin_only(api, states):
    assert_fault(api.get(sf.SERVERS + '?all_tenants=1'), 403)
    assert _names(api, '?all_tenants=1', token=ADMIN) == sorted(
        s.display_name for s in states.values())
    assert _names(api, '?all_tenants=true&project_id=proj2',
                  token=ADMIN) == ['theirs']
    # An admin without all_tenants sees their own project only.
    assert _names(api, '', token=ADMIN) == []


@pytest.mark.parametrize('query,names', [
    ('?all_tenants=1&tenant_id=proj2', ['theirs']),
    ('?all_tenants&tenant_id=proj2', ['theirs']),
    ('?all_tenants=True&tenant_id=proj1', ['active', 'building', 'error',
                                           'rebooting', 'stopped']),
    ('?all_tenants=1&tenant_id=nobody', []),
    # Without all_tenants Nova drops tenant_id (lp:1185290).
    ('?tenant_id=proj2', []),
])
def test_all_tenants_with_tenant_id(api, states, query, names):
    for path in ('', '/detail'):
        assert _names(api, path + query, token=ADMIN) == names
    # A user sees only their project whatever tenant_id says.
    assert 'theirs' not in _names(api, '?tenant_id=proj2')


def test_other_project_sees_only_theirs(api, states):
    assert _names(api, '', token=OTHER) == ['theirs']


def test_limit_marker_and_next_links(api, states):
    page = _get(api, '?limit=2')
    assert [s['name'] for s in page['servers']] == ['error', 'building']
    [link] = page['servers_links']
    assert link['rel'] == 'next'
    url = parse.urlparse(link['href'])
    assert url.path == '/v2.1/servers'
    query = parse.parse_qs(url.query)
    assert query == {'limit': ['2'],
                     'marker': [page['servers'][1]['id']]}
    page2 = _get(api, '?' + url.query)
    assert [s['name'] for s in page2['servers']] == ['stopped',
                                                     'rebooting']
    page3 = _get(api, '?limit=2&marker=' + page2['servers'][1]['id'])
    assert [s['name'] for s in page3['servers']] == ['active']
    assert 'servers_links' not in page3


def test_detail_next_link_stays_on_detail(api, states):
    page = _get(api, '/detail?limit=1')
    url = parse.urlparse(page['servers_links'][0]['href'])
    assert url.path == '/v2.1/servers/detail'


def test_next_link_keeps_project_in_url(api, states):
    page = _get(api, '?limit=1')
    assert page['servers_links'][0]['href'].startswith(
        'http://localhost/v2.1/servers?')
    resp = api.get('/v2.1/proj1/servers?limit=1')
    assert resp.json['servers_links'][0]['href'].startswith(
        'http://localhost/v2.1/proj1/servers?')


def test_max_limit_caps_pages(api, states, conf):
    conf.config(max_limit=2, group='api')
    page = _get(api, '?limit=100')
    assert len(page['servers']) == 2
    assert 'servers_links' in page


@pytest.mark.parametrize('query,message', [
    ('?limit=x', 'limit param must be an integer'),
    ('?limit=-1', 'limit param must be positive'),
    ('?marker=00000000-0000-0000-0000-000000000000',
     'marker [00000000-0000-0000-0000-000000000000] not found'),
    ('?sort_key=secret', 'Sort key supplied is invalid: secret'),
    ('?changes-since=yesterday',
     "Invalid input for query parameters changes-since. Value: yesterday. "
     "'yesterday' is not a 'date-time'"),
    ('?name=(', "Invalid input for query parameters name. Value: (. "
                "'(' is not a 'regex'"),
    ('?sort_dir=up', "Invalid input for query parameters sort_dir. "
                     "Value: up. 'up' is not one of ['asc', 'desc']"),
])
def test_bad_list_parameters(api, states, query, message):
    assert assert_fault(api.get(sf.SERVERS + query), 400) == message


def test_sort_by_name(api, states):
    servers = _get(api, '?sort_key=display_name&sort_dir=asc')['servers']
    assert [s['name'] for s in servers] == [
        'active', 'building', 'error', 'rebooting', 'stopped']


def test_changes_since_includes_deleted(api, states):
    before = timeutils.utcnow() - datetime.timedelta(seconds=1)
    states['stopped'].destroy()
    since = before.strftime('%Y-%m-%dT%H:%M:%SZ')
    servers = {s['name']: s for s in
               _get(api, '/detail?changes-since=' + since)['servers']}
    assert servers['stopped']['status'] == 'DELETED'
    assert 'active' in servers   # created after `before`, never updated
    later = (timeutils.utcnow() + datetime.timedelta(hours=1)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')
    assert _names(api, '?changes-since=' + later) == []
    # Without changes-since a deleted server is gone.
    assert 'stopped' not in _names(api, '')


def test_deleted_filter_is_for_admins(api, states):
    states['stopped'].destroy()
    assert _names(api, '?deleted=true&all_tenants=1', token=ADMIN) == \
        ['stopped']
    assert 'stopped' not in _names(api, '?deleted=true')


# -- show --------------------------------------------------------------------

def _show(api, inst, **kwargs):
    return _get(api, '/' + inst.uuid, **kwargs)['server']


def test_show_body(api, states, flavor):
    inst = states['active']
    server = _show(api, inst)
    assert set(server) == BASE_KEYS | {'progress'}
    assert server['id'] == inst.uuid and server['tenant_id'] == 'proj1'
    assert server['image'] == {'id': sf.IMAGE, 'links': [
        {'rel': 'bookmark', 'href': 'http://localhost/images/' + sf.IMAGE}]}
    assert server['flavor'] == {'id': '1', 'links': [
        {'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}]}
    assert server['hostId'] and server['hostId'] != 'host1'
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['security_groups'] == [{'name': 'default'}]
    assert server['created'].endswith('Z')


@pytest.mark.parametrize('token,version,extra', [
    (fakes.USER, '2.1', set()),
    (fakes.USER, '2.3', set()),
    (ADMIN, '2.1', ADMIN_KEYS),
    (ADMIN, '2.3', ADMIN_KEYS | ADMIN_2_3_KEYS),
    (fakes.USER, '2.9', {'locked'}),
    (ADMIN, '2.16', ADMIN_KEYS | ADMIN_2_3_KEYS | {'locked',
                                                   'host_status'}),
    (fakes.USER, '2.16', {'locked'}),
    (fakes.USER, '2.19', {'locked', 'description'}),
    (fakes.USER, '2.26', {'locked', 'description', 'tags'}),
    (fakes.USER, 'latest', {'locked', 'description', 'tags'}),
])
def test_show_keys_per_version(api, states, token, version, extra):
    server = _show(api, states['active'], token=token, version=version)
    assert set(server) == BASE_KEYS | {'progress'} | extra


def test_show_values_of_versioned_keys(api, states):
    inst = states['active']
    inst.locked = True
    inst.display_description = 'web'
    inst.tags = ['a', 'b']
    inst.save()
    server = _show(api, inst, version='2.26')
    assert server['locked'] is True
    assert server['description'] == 'web'
    assert server['tags'] == ['a', 'b']
    admin = _show(api, inst, token=ADMIN, version='2.3')
    assert admin['OS-EXT-SRV-ATTR:host'] == 'host1'
    assert admin['OS-EXT-SRV-ATTR:instance_name'] == \
        'instance-%08x' % inst.id
    assert admin['OS-EXT-SRV-ATTR:reservation_id'] == inst.reservation_id


def test_host_status(api, states):
    def status(inst):
        return _show(api, inst, token=ADMIN,
                     version='2.16')['host_status']
    assert status(states['active']) == 'UNKNOWN'       # no service row
    svc = fakes.service('host1')
    assert status(states['active']) == 'UP'
    svc.disabled = True
    svc.save()
    assert status(states['active']) == 'MAINTENANCE'
    fakes.mark_down(svc)
    assert status(states['active']) == 'DOWN'
    assert status(states['building']) == ''


def test_show_error_fault(api, states):
    inst = states['error']
    objects.InstanceFault(fakes.admin_ctx(), instance_uuid=inst.uuid,
                          code=500, message='No valid host was found.',
                          details='Traceback: secret', host='ctl').create()
    fault = _show(api, inst)['fault']
    assert fault['code'] == 500
    assert fault['message'] == 'No valid host was found.'
    assert 'details' not in fault                 # 500 details: admins
    assert _show(api, inst, token=ADMIN)['fault']['details'] == \
        'Traceback: secret'


@pytest.mark.parametrize('server_id', ['nope',
                                       '00000000-0000-0000-0000-000000000000'])
def test_show_unknown(api, states, server_id):
    assert_fault(api.get(sf.SERVERS + '/' + server_id), 404)


def test_show_other_projects_server_is_404(api, states):
    message = assert_fault(
        api.get(sf.SERVERS + '/' + states['theirs'].uuid), 404)
    assert message == 'Instance %s could not be found.' % \
        states['theirs'].uuid
    assert _show(api, states['theirs'], token=ADMIN)['name'] == 'theirs'


def test_show_with_project_in_url(api, states):
    resp = api.get('/v2.1/proj1/servers/' + states['active'].uuid)
    assert resp.status_int == 200
    assert resp.json['server']['links'][0]['href'] == \
        'http://localhost/v2.1/proj1/servers/' + states['active'].uuid


# -- update ------------------------------------------------------------------

def _put(api, inst, version=None, **server):
    return api.put(sf.SERVERS + '/' + inst.uuid, {'server': server},
                   version=version)


def test_update(api, states):
    inst = states['active']
    resp = _put(api, inst, name='renamed', accessIPv4='192.0.2.1')
    assert resp.status_int == 200, resp.text
    assert resp.json['server']['name'] == 'renamed'
    assert resp.json['server']['accessIPv4'] == '192.0.2.1'
    stored = objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)
    assert stored.display_name == 'renamed'


# Nova's update view below 2.75: the show view with every extension off.
UPDATE_KEYS = {
    'id', 'name', 'status', 'tenant_id', 'user_id', 'metadata', 'hostId',
    'image', 'flavor', 'created', 'updated', 'addresses', 'accessIPv4',
    'accessIPv6', 'links', 'OS-DCF:diskConfig', 'progress'}


@pytest.mark.parametrize('version,token,extra', [
    (None, fakes.USER, set()),
    (None, ADMIN, set()),
    ('2.9', fakes.USER, {'locked'}),
    ('2.16', ADMIN, {'locked'}),
    ('2.19', fakes.USER, {'locked', 'description'}),
    ('2.26', ADMIN, {'locked', 'description', 'tags'}),
    ('2.38', fakes.USER, {'locked', 'description', 'tags'}),
])
def test_update_answers_with_the_update_view(api, states, version, token,
                                             extra):
    inst = states['active']
    resp = api.put(sf.SERVERS + '/' + inst.uuid,
                   {'server': {'name': 'renamed'}}, token=token,
                   version=version)
    assert resp.status_int == 200, resp.text
    assert set(resp.json['server']) == UPDATE_KEYS | extra
    shown = _get(api, '/' + inst.uuid, token=token, version=version)
    assert set(shown['server']) > set(resp.json['server'])


def test_update_view_addresses_have_no_extended_attributes(api, flavor):
    inst = sf.server(flavor)
    objects.InstanceInfoCache(
        fakes.admin_ctx(), instance_uuid=inst.uuid,
        network_info=[network_fakes.vif('10.0.0.5',
                                        'fa:16:3e:00:00:05')]).save()
    server = _put(api, inst, name='x').json['server']
    assert server['addresses'] == {
        'private': [{'version': 4, 'addr': '10.0.0.5'}]}


@pytest.mark.parametrize('sent,shown', [
    (dict(accessIPv4='192.0.2.1'), ('192.0.2.1', '')),
    (dict(accessIPv6='0000:0000:0000:0000:0000:babe:220.12.22.2'),
     ('', '::babe:dc0c:1602')),
    (dict(accessIPv6='2001:DB8:0:0:0:0:0:1'), ('', '2001:db8::1')),
    (dict(accessIPv4='1.1.1.1', accessIPv6='::babe:202:202'),
     ('1.1.1.1', '::babe:202:202')),
])
def test_update_canonicalises_access_ips(api, states, sent, shown):
    inst = states['active']
    server = _put(api, inst, **sent).json['server']
    assert (server['accessIPv4'], server['accessIPv6']) == shown
    stored = objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)
    assert (stored.access_ip_v4 or '', stored.access_ip_v6 or '') == shown


def test_update_description_from_2_19(api, states):
    inst = states['active']
    assert_fault(_put(api, inst, description='x'), 400)
    resp = _put(api, inst, version='2.19', description='x')
    assert resp.status_int == 200
    assert resp.json['server']['description'] == 'x'


@pytest.mark.parametrize('server', [{'name': ''}, {'bogus': 1},
                                    {'accessIPv6': 'nope'}])
def test_update_bad_body(api, states, server):
    inst = states['active']
    assert_fault(_put(api, inst, **server), 400)
    assert objects.Instance.get_by_uuid(
        fakes.admin_ctx(), inst.uuid).display_name == 'active'


def test_update_of_other_project_is_404(api, states):
    assert_fault(_put(api, states['theirs'], name='mine'), 404)


# -- delete ------------------------------------------------------------------

def _delete(api, inst, token=fakes.USER):
    return api.delete(sf.SERVERS + '/' + inst.uuid, token=token)


def _actions(inst):
    return [(a.action, a.finish_time is not None) for a in
            objects.InstanceActionList.get_by_instance_uuid(
                fakes.admin_ctx(), inst.uuid)]


def test_delete_without_host_is_local(api, states, casts):
    inst = states['building']
    resp = _delete(api, inst)
    assert resp.status_int == 204 and resp.body == b''
    row = db.instance_get_by_uuid(inst.uuid, read_deleted='yes')
    assert row.deleted == row.id and row.vm_state == 'deleted'
    assert casts['terminate_instance'].calls == []
    assert _actions(inst) == [('delete', True)]
    assert_fault(api.get(sf.SERVERS + '/' + inst.uuid), 404)


def test_delete_on_a_down_host_is_local(api, states, casts):
    fakes.mark_down(fakes.service('host1'))
    assert _delete(api, states['active']).status_int == 204
    assert db.instance_get_by_uuid(states['active'].uuid,
                                   read_deleted='yes').deleted
    assert casts['terminate_instance'].calls == []


def test_delete_on_an_up_host_is_cast(api, states, casts):
    fakes.service('host1')
    inst = states['active']
    assert _delete(api, inst).status_int == 204
    [(args, _kw)] = casts['terminate_instance'].calls
    assert args[1].uuid == inst.uuid and args[1].host == 'host1'
    stored = objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)
    assert stored.task_state == 'deleting' and not stored.deleted
    assert _actions(inst) == [('delete', False)]


def test_delete_locked(api, states, casts):
    inst = states['building']
    inst.locked = True
    inst.save()
    message = assert_fault(_delete(api, inst), 409)
    assert message == 'Instance %s is locked' % inst.uuid
    assert _delete(api, inst, token=ADMIN).status_int == 204


def test_delete_of_other_project_is_404(api, states, casts):
    assert_fault(_delete(api, states['theirs']), 404)
    assert not db.instance_get_by_uuid(states['theirs'].uuid).deleted


def test_delete_twice_is_404(api, states, casts):
    assert _delete(api, states['building']).status_int == 204
    assert_fault(_delete(api, states['building']), 404)


def test_next_link_keeps_repeated_filters(api, states):
    page = _get(api, '?status=SHUTOFF&status=ERROR&limit=1')
    assert [s['name'] for s in page['servers']] == ['error']
    url = parse.urlparse(page['servers_links'][0]['href'])
    assert parse.parse_qs(url.query)['status'] == ['SHUTOFF', 'ERROR']
    page2 = _get(api, '?' + url.query)
    assert [s['name'] for s in page2['servers']] == ['stopped']


def test_status_filter_pages_past_other_statuses(api, states):
    # The newest vm_state=active server is rebooting: page 1 of ACTIVE
    # must still find the active one behind it.
    page = _get(api, '?status=ACTIVE&limit=1')
    assert [s['name'] for s in page['servers']] == ['active']
    page = _get(api, '/detail?status=REBOOT&limit=1')
    assert [s['name'] for s in page['servers']] == ['rebooting']
