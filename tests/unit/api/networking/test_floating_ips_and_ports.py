"""/networking/v2.0 networks, subnets, ports and floatingips: what
``openstack floating ip create public`` and ``server add floating ip``
send, over the nova-network rows."""

from tests.unit.api.fakes import OTHER
from tests.unit.api.networking.conftest import NET, assert_neutron_error

FIPS = NET + '/floatingips'


def _public(api):
    [public] = api.get(NET + '/networks?name=public').json['networks']
    return public


def test_versions_and_extensions(api):
    # Without a token: a client's version discovery.
    doc = api.get('/networking/', token=None)
    assert doc.status_int == 200
    assert doc.json['versions'][0]['id'] == 'v2.0'
    v2 = api.get('/networking/v2.0', token=None).json
    assert v2['version']['id'] == 'v2.0'
    assert 'floatingips' in [r['collection'] for r in v2['resources']]
    aliases = [e['alias'] for e in
               api.get(NET + '/extensions').json['extensions']]
    assert {'security-group', 'external-net'} <= set(aliases)
    assert api.get(NET + '/extensions/security-group').status_int == 200
    assert_neutron_error(api.get(NET + '/extensions/qos'), 404)
    assert_neutron_error(api.get(NET + '/floatingips', token=None), 401,
                         'HTTPUnauthorized')
    assert_neutron_error(api.get(NET + '/nope'), 404, 'HTTPNotFound')
    assert_neutron_error(api.delete(NET + '/networks'), 405)


def test_networks_and_subnets(api, network, pool):
    nets = api.get(NET + '/networks').json['networks']
    assert [(n['name'], n['router:external'], n['shared']) for n in nets] \
        == [('private', False, True), ('public', True, False)]
    private, public = nets
    assert private['id'] == network.uuid
    assert api.get(NET + '/networks?router:external=true').json[
        'networks'] == [public]
    assert api.get(NET + '/networks/' + public['id']).json == {
        'network': public}
    assert_neutron_error(api.get(NET + '/networks/public'), 404,
                         'NetworkNotFound')
    [subnet] = api.get(NET + '/subnets').json['subnets']
    assert subnet['id'] == private['subnets'][0]
    assert (subnet['cidr'], subnet['network_id'], subnet['ip_version']) == \
        ('10.0.0.0/24', network.uuid, 4)
    assert api.get(NET + '/subnets/' + subnet['id']).json == {
        'subnet': subnet}
    assert_neutron_error(api.get(NET + '/subnets/x'), 404)


def test_ports_of_a_server(api, server):
    inst, vif, fixed = server
    [port] = api.get(NET + '/ports?device_id=' + inst.uuid).json['ports']
    assert {k: port[k] for k in ('id', 'mac_address', 'device_id',
                                 'device_owner', 'project_id')} == {
        'id': vif.uuid, 'mac_address': 'fa:16:3e:00:00:01',
        'device_id': inst.uuid, 'device_owner': 'compute:nova',
        'project_id': 'proj1'}
    assert [ip['ip_address'] for ip in port['fixed_ips']] == \
        [fixed.address]
    assert api.get(NET + '/ports').json['ports'] == [port]
    assert api.get(NET + '/ports/' + vif.uuid).json == {'port': port}
    # Another project sees neither the server's ports nor the port.
    assert api.get(NET + '/ports?device_id=' + inst.uuid,
                   token=OTHER).json['ports'] == []
    assert_neutron_error(api.get(NET + '/ports/' + vif.uuid, token=OTHER),
                         404, 'PortNotFound')
    assert_neutron_error(api.get(NET + '/ports/nope'), 404)


def test_allocate_associate_disassociate_release(api, server, pool, rpc):
    inst, vif, fixed = server
    resp = api.post(FIPS, {'floatingip': {
        'floating_network_id': _public(api)['id']}})
    assert resp.status_int == 201, resp.text
    fip = resp.json['floatingip']
    assert (fip['floating_ip_address'], fip['port_id'], fip['status'],
            fip['project_id']) == ('172.24.4.1', None, 'DOWN', 'proj1')
    url = '%s/%s' % (FIPS, fip['id'])
    resp = api.put(url, {'floatingip': {'port_id': vif.uuid}})
    assert resp.status_int == 200, resp.text
    fip = resp.json['floatingip']
    assert (fip['port_id'], fip['fixed_ip_address'], fip['status']) == \
        (vif.uuid, fixed.address, 'ACTIVE')
    assert rpc == [('associate', '172.24.4.1', fixed.address, inst.uuid)]
    assert api.get(FIPS + '?floating_ip_address=172.24.4.1').json[
        'floatingips'] == [fip]
    assert api.get(FIPS + '?port_id=' + vif.uuid).json['floatingips'] == \
        [fip]
    assert api.get(FIPS + '?floating_ip_address=172.24.4.2').json[
        'floatingips'] == []
    assert api.get(url).json == {'floatingip': fip}
    resp = api.put(url, {'floatingip': {'port_id': None}})
    assert resp.json['floatingip']['port_id'] is None
    assert rpc[-1] == ('disassociate', '172.24.4.1')
    assert api.delete(url).status_int == 204
    assert api.get(FIPS).json == {'floatingips': []}
    assert_neutron_error(api.get(url), 404, 'FloatingIpNotFound')


def test_create_by_pool_name_with_a_port(api, server, pool, rpc):
    inst, vif, fixed = server
    resp = api.post(FIPS, {'floatingip': {'floating_network_id': 'public',
                                          'port_id': vif.uuid}})
    assert resp.status_int == 201, resp.text
    assert resp.json['floatingip']['fixed_ip_address'] == fixed.address
    # A port the caller cannot see: 404, and the address goes back.
    resp = api.post(FIPS, {'floatingip': {'floating_network_id': 'public',
                                          'port_id': 'nope'}})
    assert_neutron_error(resp, 404, 'PortNotFound')
    assert len(api.get(FIPS).json['floatingips']) == 1


def test_bad_floating_ips(api, server, pool, rpc):
    inst, vif, _fixed = server
    public = _public(api)['id']
    for body in ({}, {'floatingip': {}},
                 {'floatingip': {'floating_network_id': 7}},
                 {'floatingip': {'floating_network_id': public,
                                 'floating_ip_address': '172.24.4.2'}},
                 {'floatingip': {'floating_network_id': public,
                                 'project_id': 'proj2'}},
                 {'floatingip': {'floating_network_id': public, 'x': 1}}):
        assert_neutron_error(api.post(FIPS, body), 400)
    assert_neutron_error(api.post(FIPS, {'floatingip': {
        'floating_network_id': 'private'}}), 404)
    fip = api.post(FIPS, {'floatingip': {
        'floating_network_id': public}}).json['floatingip']
    url = '%s/%s' % (FIPS, fip['id'])
    assert_neutron_error(api.put(url, {'floatingip': {
        'port_id': vif.uuid, 'fixed_ip_address': '10.9.9.9'}}), 400)
    assert_neutron_error(api.put(url, {'floatingip': {'port_id': 5}}), 400)
    assert_neutron_error(api.put(url, {'floatingip': {'x': 1}}), 400)
    assert_neutron_error(api.get(url, token=OTHER), 404)
    assert_neutron_error(api.delete(url, token=OTHER), 404)
    assert_neutron_error(api.put(url, {'floatingip': {'port_id': vif.uuid}},
                                 token=OTHER), 404)
    assert_neutron_error(api.get(FIPS + '/x'), 404)
    assert rpc == []


def test_discovery_needs_no_token_with_keystone_either(db, conf):
    """keystoneauth reads GET .../networking/v2.0 when a catalog or an
    endpoint override names it: it answers before auth_token."""
    conf.config(auth_strategy='keystone', group='api')
    from minova.api import app
    from tests.unit.conftest import APIClient
    api = APIClient(app.load_app())
    assert api.get('/networking/v2.0', token=None).json['version'][
        'id'] == 'v2.0'


def test_ids_no_column_holds_are_404_not_500(api):
    """An id past 64 bits matches no row (SQLite would raise on it), in
    the Network API and in the compute API alike."""
    huge = '9' * 23
    for path, error_type in (('/security-groups/', 'SecurityGroupNotFound'),
                             ('/security-group-rules/',
                              'SecurityGroupRuleNotFound'),
                             ('/floatingips/', 'FloatingIpNotFound')):
        assert_neutron_error(api.get(NET + path + huge), 404, error_type)
    for path in ('/v2.1/os-security-groups/', '/v2.1/os-floating-ips/'):
        assert api.get(path + huge).status_int == 404
    assert api.delete('/v2.1/os-security-group-rules/' +
                      huge).status_int == 404
