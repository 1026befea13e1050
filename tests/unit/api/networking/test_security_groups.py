"""/networking/v2.0/security-groups and -rules: the compute API's
groups in Neutron's shapes, through the whole paste pipeline."""

from tests.unit.api import fakes
from tests.unit.api.fakes import OTHER
from tests.unit.api.networking.conftest import NET, assert_neutron_error

SGS = NET + '/security-groups'
RULES = NET + '/security-group-rules'


def _create(api, name='web', **extra):
    resp = api.post(SGS, {'security_group': dict(name=name, **extra)})
    assert resp.status_int == 201, resp.text
    return resp.json['security_group']


def test_list_has_the_default_group_and_filters(api):
    groups = api.get(SGS).json['security_groups']
    assert [(g['name'], g['project_id'], g['tenant_id']) for g in groups] \
        == [('default', 'proj1', 'proj1')]
    web = _create(api, description='web servers')
    assert web['description'] == 'web servers'
    assert web['security_group_rules'] == [] and web['stateful'] is True
    names = [g['name'] for g in
             api.get(SGS + '?name=web').json['security_groups']]
    assert names == ['web']
    assert api.get(SGS + '?id=%s' % web['id']).json[
        'security_groups'] == [web]
    assert api.get(SGS + '?name=nope').json['security_groups'] == []
    # Another project's groups are not listed, nor found.
    assert api.get(SGS + '?project_id=proj2').json['security_groups'] == []
    assert [g['name'] for g in api.get(SGS, token=OTHER).json[
        'security_groups']] == ['default']
    assert_neutron_error(api.get('%s/%s' % (SGS, web['id']), token=OTHER),
                         404, 'SecurityGroupNotFound')


def test_admin_lists_another_project_on_request(api):
    _create(api)
    assert [g['name'] for g in api.get(
        SGS + '?project_id=proj1', token='admin:admin').json[
        'security_groups']] == ['default', 'web']
    everyone = api.get(SGS + '?all_tenants=1',
                       token='admin:admin').json['security_groups']
    assert {g['project_id'] for g in everyone} == {'admin', 'proj1'}


def test_show_update_delete(api, refreshes):
    web = _create(api)
    url = '%s/%s' % (SGS, web['id'])
    assert api.get(url).json == {'security_group': web}
    resp = api.put(url, {'security_group': {'name': 'www',
                                            'description': 'd'}})
    assert resp.status_int == 200, resp.text
    assert (resp.json['security_group']['name'],
            resp.json['security_group']['description']) == ('www', 'd')
    assert api.delete(url).status_int == 204
    assert_neutron_error(api.get(url), 404, 'SecurityGroupNotFound')
    assert_neutron_error(api.delete(url), 404)


def test_bad_groups_are_400(api):
    default = api.get(SGS).json['security_groups'][0]
    url = '%s/%s' % (SGS, default['id'])
    assert_neutron_error(api.delete(url), 400)
    assert_neutron_error(api.put(url, {'security_group': {'name': 'x'}}),
                         400)
    for body in ({}, {'security_group': 'x'}, {'security_group': {}},
                 {'security_group': {'name': 7}},
                 {'security_group': {'name': 'x', 'bogus': 1}},
                 {'security_group': {'name': 'default'}},
                 {'security_group': {'name': 'x', 'project_id': 'proj2'}}):
        assert_neutron_error(api.post(SGS, body), 400)
    assert_neutron_error(api.request('POST', SGS, body=b'{nope'), 400)
    assert_neutron_error(api.get(SGS + '/x'), 404)


def test_create_rules_as_the_openstack_client_sends_them(api, refreshes):
    member = fakes.instance()      # in proj1's default group
    group = api.get(SGS + '?name=default').json['security_groups'][0]
    ssh = api.post(RULES, {'security_group_rule': {
        'security_group_id': group['id'], 'direction': 'ingress',
        'ethertype': 'IPv4', 'protocol': 'tcp', 'port_range_min': 22,
        'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0'}})
    assert ssh.status_int == 201, ssh.text
    ssh = ssh.json['security_group_rule']
    assert {k: ssh[k] for k in (
        'security_group_id', 'direction', 'ethertype', 'protocol',
        'port_range_min', 'port_range_max', 'remote_ip_prefix',
        'remote_group_id', 'project_id')} == {
        'security_group_id': group['id'], 'direction': 'ingress',
        'ethertype': 'IPv4', 'protocol': 'tcp', 'port_range_min': 22,
        'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0',
        'remote_group_id': None, 'project_id': 'proj1'}
    icmp = api.post(RULES, {'security_group_rule': {
        'security_group_id': group['id'], 'protocol': 'icmp'}}).json[
        'security_group_rule']
    assert (icmp['port_range_min'], icmp['port_range_max'],
            icmp['remote_ip_prefix']) == (None, None, '0.0.0.0/0')
    web = _create(api)
    from_default = api.post(RULES, {'security_group_rule': {
        'security_group_id': web['id'], 'protocol': None,
        'remote_group_id': group['id']}}).json['security_group_rule']
    assert (from_default['protocol'], from_default['remote_group_id'],
            from_default['remote_ip_prefix']) == (None, group['id'], None)
    udp = api.post(RULES, {'security_group_rule': {
        'security_group_id': web['id'], 'protocol': '17'}}).json[
        'security_group_rule']
    assert (udp['protocol'], udp['port_range_min'],
            udp['port_range_max']) == ('udp', 1, 65535)
    shown = api.get(SGS + '/' + group['id']).json['security_group']
    assert sorted(r['id'] for r in shown['security_group_rules']) == \
        sorted([ssh['id'], icmp['id']])
    assert [member.uuid] in refreshes   # its host was told


def test_list_show_delete_rules(api, refreshes):
    group = api.get(SGS).json['security_groups'][0]
    web = _create(api)
    made = [api.post(RULES, {'security_group_rule': {
        'security_group_id': g['id'], 'protocol': 'tcp',
        'port_range_min': 80}}).json['security_group_rule']
        for g in (group, web)]
    assert made[0]['port_range_max'] == 80
    assert sorted(r['id'] for r in api.get(RULES).json[
        'security_group_rules']) == sorted(m['id'] for m in made)
    assert api.get(RULES + '?security_group_id=%s' % web['id']).json[
        'security_group_rules'] == [made[1]]
    url = '%s/%s' % (RULES, made[1]['id'])
    assert api.get(url).json == {'security_group_rule': made[1]}
    assert_neutron_error(api.get(url, token=OTHER), 404,
                         'SecurityGroupRuleNotFound')
    assert_neutron_error(api.delete(url, token=OTHER), 404)
    assert api.delete(url).status_int == 204
    assert_neutron_error(api.get(url), 404)
    assert_neutron_error(api.get(RULES + '/x'), 404)


def test_bad_rules_are_400(api):
    group = api.get(SGS).json['security_groups'][0]['id']
    for rule in ({'protocol': 'tcp', 'direction': 'egress'},
                 {'protocol': 'tcp', 'ethertype': 'IPv6'},
                 {'protocol': 'gre'},
                 {'protocol': None},
                 {'port_range_min': 22},
                 {'protocol': 'tcp', 'port_range_min': 30,
                  'port_range_max': 20},
                 {'protocol': 'tcp', 'port_range_min': 'x'},
                 {'protocol': 'icmp', 'port_range_min': 300},
                 {'protocol': 'tcp', 'remote_ip_prefix': 'nope'},
                 {'protocol': 'tcp', 'remote_ip_prefix': '::/0'},
                 {'protocol': 'tcp', 'remote_ip_prefix': '10.0.0.0/8',
                  'remote_group_id': group},
                 {'protocol': 'tcp', 'bogus': 1}):
        body = {'security_group_rule': dict(rule, security_group_id=group)}
        assert_neutron_error(api.post(RULES, body), 400)
    assert_neutron_error(api.post(RULES, {'security_group_rule': {
        'protocol': 'tcp'}}), 400)
    assert_neutron_error(api.post(RULES, {'security_group_rule': {
        'protocol': 'tcp', 'security_group_id': 'x'}}), 404)
    assert_neutron_error(api.post(RULES, {'security_group_rule': {
        'protocol': 'tcp', 'security_group_id': group}}, token=OTHER), 404)
    body = {'security_group_rule': {'protocol': 'icmp',
                                    'security_group_id': group}}
    assert api.post(RULES, body).status_int == 201
    assert_neutron_error(api.post(RULES, body), 400)   # the same rule
