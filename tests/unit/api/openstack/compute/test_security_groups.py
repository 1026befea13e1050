"""The nova-network security group APIs: os-security-groups,
os-security-group-rules, os-security-group-default-rules, a server's
groups and the add/removeSecurityGroup actions; the refresh casts that
tell compute hosts; groups in a create request."""

import pytest

from minova.compute import rpcapi as compute_rpcapi
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.api.openstack.compute.server_fakes import body

SG = '/v2.1/os-security-groups'
RULES = '/v2.1/os-security-group-rules'
DEFAULTS = '/v2.1/os-security-group-default-rules'


@pytest.fixture
def refreshes(monkeypatch):
    calls = []
    monkeypatch.setattr(
        compute_rpcapi.ComputeAPI, 'refresh_instance_security_rules',
        lambda self, ctxt, uuids: calls.append(sorted(uuids)))
    return calls


def _group(api, name='web', description='web servers', token=fakes.USER):
    resp = api.post(SG, {'security_group': {'name': name,
                                            'description': description}},
                    token=token)
    assert resp.status_int == 200, resp.text
    return resp.json['security_group']


def _rule(api, parent_id, token=fakes.USER, **rule):
    rule.setdefault('parent_group_id', parent_id)
    return api.post(RULES, {'security_group_rule': rule}, token=token)


# -- groups -----------------------------------------------------------------

def test_list_makes_the_default_group_once(api):
    for _ in range(2):
        resp = api.get(SG)
        assert resp.status_int == 200
        [default] = resp.json['security_groups']
    assert default['name'] == 'default'
    assert default['tenant_id'] == 'proj1' and default['rules'] == []
    assert set(default) == {'id', 'name', 'description', 'tenant_id',
                            'rules'}


def test_create_show_update_delete(api):
    group = _group(api)
    assert group['name'] == 'web' and group['description'] == 'web servers'
    shown = api.get('%s/%s' % (SG, group['id'])).json['security_group']
    assert shown == group
    resp = api.put('%s/%s' % (SG, group['id']), {'security_group': {
        'name': 'www', 'description': 'renamed'}})
    assert resp.status_int == 200
    assert resp.json['security_group']['name'] == 'www'
    assert api.delete('%s/%s' % (SG, group['id'])).status_int == 202
    assert_fault(api.get('%s/%s' % (SG, group['id'])), 404)
    # The name is free again.
    assert _group(api)['name'] == 'web'


@pytest.mark.parametrize('values,message', [
    ({'name': '', 'description': 'd'}, 'name cannot be empty'),
    ({'name': 'x' * 256, 'description': 'd'}, 'greater than 255'),
    ({'name': 'n', 'description': 7}, 'not a string'),
])
def test_bad_groups_are_refused(api, values, message):
    resp = api.post(SG, {'security_group': values})
    assert message in assert_fault(resp, 400)
    assert [g.name for g in objects.SecurityGroupList.get_all(
        fakes.admin_ctx(), 'proj1')] in ([], ['default'])


def test_schema_refuses_missing_description(api):
    assert_fault(api.post(SG, {'security_group': {'name': 'n'}}), 400)


def test_duplicate_name_is_400(api):
    _group(api)
    resp = api.post(SG, {'security_group': {'name': 'web',
                                            'description': 'again'}})
    assert 'already exists' in assert_fault(resp, 400)


def test_default_group_cannot_be_deleted_or_renamed(api):
    [default] = api.get(SG).json['security_groups']
    url = '%s/%s' % (SG, default['id'])
    assert "system group 'default'" in assert_fault(api.delete(url), 400)
    resp = api.put(url, {'security_group': {'name': 'x',
                                            'description': 'y'}})
    assert "system group 'default'" in assert_fault(resp, 400)


def test_other_projects_groups_are_404(api):
    group = _group(api)
    url = '%s/%s' % (SG, group['id'])
    assert_fault(api.get(url, token=OTHER), 404)
    assert_fault(api.delete(url, token=OTHER), 404)
    assert api.get(url, token=ADMIN).status_int == 200
    assert_fault(api.get('%s/abc' % SG), 400)


def test_quota_security_groups(api, conf):
    conf.config(security_groups=2, group='quota')
    _group(api, 'one')                   # default + one
    resp = api.post(SG, {'security_group': {'name': 'two',
                                            'description': 'd'}})
    assert 'too many security groups' in assert_fault(resp, 403)
    limits = api.get('/v2.1/limits').json['limits']['absolute']
    assert limits['maxSecurityGroups'] == 2
    assert limits['totalSecurityGroupsUsed'] == 2


def test_group_in_use_cannot_be_deleted(api, flavor):
    group = _group(api)
    inst = sf.server(flavor)
    objects.SecurityGroup.get(fakes.admin_ctx(), group['id']).add_instance(
        inst.uuid)
    resp = api.delete('%s/%s' % (SG, group['id']))
    assert 'still in use' in assert_fault(resp, 400)
    inst.destroy()
    assert api.delete('%s/%s' % (SG, group['id'])).status_int == 202


@pytest.mark.parametrize('path', [SG, RULES, DEFAULTS])
def test_proxy_apis_gone_from_2_36(api, path):
    if path == RULES:
        resp = api.post(path, {'security_group_rule': {
            'parent_group_id': 1}}, version='2.36')
    else:
        resp = api.get(path, version='2.36', token=ADMIN)
    assert resp.status_int == 404
    if path != RULES:
        assert api.get(path, version='2.35', token=ADMIN).status_int == 200


# -- rules ------------------------------------------------------------------

def test_rules_cidr_and_group_source(api, refreshes):
    web = _group(api)
    resp = _rule(api, web['id'], ip_protocol='TCP', from_port=22,
                 to_port=22, cidr='10.0.0.0/8')
    assert resp.status_int == 200, resp.text
    rule = resp.json['security_group_rule']
    assert rule['ip_protocol'] == 'tcp'
    assert (rule['from_port'], rule['to_port']) == (22, 22)
    assert rule['ip_range'] == {'cidr': '10.0.0.0/8'}
    assert rule['group'] == {} and rule['parent_group_id'] == web['id']
    icmp = _rule(api, web['id'], ip_protocol='icmp', from_port=-1,
                 to_port=-1).json['security_group_rule']
    assert icmp['ip_range'] == {'cidr': '0.0.0.0/0'}
    [default] = [g for g in api.get(SG).json['security_groups']
                 if g['name'] == 'default']
    by_group = _rule(api, web['id'], group_id=default['id'])
    assert by_group.status_int == 200, by_group.text
    shown = by_group.json['security_group_rule']
    assert shown['group'] == {'name': 'default', 'tenant_id': 'proj1'}
    assert shown['ip_range'] == {} and shown['ip_protocol'] is None
    group = api.get('%s/%s' % (SG, web['id'])).json['security_group']
    assert len(group['rules']) == 3
    assert api.delete('%s/%s' % (RULES, rule['id'])).status_int == 202
    group = api.get('%s/%s' % (SG, web['id'])).json['security_group']
    assert len(group['rules']) == 2
    # Nobody is in the group: nothing to tell compute hosts.
    assert refreshes == []


@pytest.mark.parametrize('rule,message', [
    ({'ip_protocol': 'gre', 'from_port': 1, 'to_port': 2},
     'Invalid IP protocol gre'),
    ({'ip_protocol': 'tcp', 'from_port': 30, 'to_port': 20},
     'Former value cannot be greater'),
    ({'ip_protocol': 'tcp', 'from_port': 0, 'to_port': 20},
     'between 1-65535'),
    ({'ip_protocol': 'udp', 'from_port': 'a', 'to_port': 20},
     'must be an integer'),
    ({'ip_protocol': 'icmp', 'from_port': 300, 'to_port': 0},
     'out of range'),
    ({'ip_protocol': 'tcp', 'from_port': 1, 'to_port': 2,
      'cidr': '10.0.0.300/8'}, 'not a valid IP network'),
    ({}, 'Not enough parameters'),
])
def test_bad_rules_are_refused(api, rule, message):
    web = _group(api)
    assert message in assert_fault(_rule(api, web['id'], **rule), 400)
    assert objects.SecurityGroupRuleList.get_by_groups(
        fakes.admin_ctx(), [web['id']]).objects == []


def test_duplicate_rule_and_rule_quota(api, conf):
    web = _group(api)
    rule = dict(ip_protocol='tcp', from_port=80, to_port=80)
    assert _rule(api, web['id'], **rule).status_int == 200
    assert 'already exists' in assert_fault(_rule(api, web['id'], **rule),
                                            400)
    conf.config(security_group_rules=1, group='quota')
    resp = _rule(api, web['id'], ip_protocol='tcp', from_port=1, to_port=2)
    assert 'too many security group rules' in assert_fault(resp, 403)


def test_rule_of_unknown_or_foreign_group_is_404(api):
    web = _group(api, token=OTHER)
    assert_fault(_rule(api, web['id'], ip_protocol='tcp', from_port=1,
                       to_port=1), 404)
    assert_fault(_rule(api, 999, ip_protocol='tcp', from_port=1,
                       to_port=1), 404)
    assert_fault(api.delete('%s/999' % RULES), 404)


def test_rule_changes_refresh_the_members(api, flavor, refreshes):
    web = _group(api)
    db_group = objects.SecurityGroup.get(fakes.admin_ctx(), web['id'])
    inst = sf.server(flavor)
    db_group.add_instance(inst.uuid)
    rule = _rule(api, web['id'], ip_protocol='tcp', from_port=22,
                 to_port=22).json['security_group_rule']
    api.delete('%s/%s' % (RULES, rule['id']))
    assert refreshes == [[inst.uuid], [inst.uuid]]


def test_group_source_rule_refreshes_when_membership_changes(
        api, flavor, refreshes):
    web = _group(api)
    [default] = [g for g in api.get(SG).json['security_groups']
                 if g['name'] == 'default']
    member = sf.server(flavor)          # in default (fakes)
    web_server = sf.server(flavor)
    objects.SecurityGroup.get(fakes.admin_ctx(), web['id']).add_instance(
        web_server.uuid)
    _rule(api, web['id'], group_id=default['id'])
    assert refreshes[-1] == [web_server.uuid]
    # A new server joining default changes web's allowed sources.
    joiner = sf.server(flavor)
    resp = api.post('%s/%s/action' % (sf.SERVERS, joiner.uuid),
                    {'addSecurityGroup': {'name': 'web'}})
    assert resp.status_int == 202, resp.text
    assert joiner.uuid in refreshes[-1] and member.uuid not in \
        refreshes[-1]


# -- default rules ----------------------------------------------------------

def test_default_rules_go_into_new_default_groups(api):
    resp = api.post(DEFAULTS, {'security_group_default_rule': {
        'ip_protocol': 'tcp', 'from_port': 22, 'to_port': 22,
        'cidr': '0.0.0.0/0'}}, token=ADMIN)
    assert resp.status_int == 200, resp.text
    rule = resp.json['security_group_default_rule']
    assert rule['ip_range'] == {'cidr': '0.0.0.0/0'}
    assert_fault(api.post(DEFAULTS, {'security_group_default_rule': {
        'ip_protocol': 'tcp', 'from_port': 22, 'to_port': 22,
        'cidr': '0.0.0.0/0'}}, token=ADMIN), 400)
    assert_fault(api.get(DEFAULTS), 403)    # admins only
    listed = api.get(DEFAULTS, token=ADMIN).json
    assert listed['security_group_default_rules'] == [rule]
    [default] = api.get(SG).json['security_groups']
    [copied] = default['rules']
    assert (copied['ip_protocol'], copied['from_port']) == ('tcp', 22)
    assert api.delete('%s/%s' % (DEFAULTS, rule['id']),
                      token=ADMIN).status_int == 204
    assert_fault(api.get('%s/%s' % (DEFAULTS, rule['id']), token=ADMIN),
                 404)


# -- servers ----------------------------------------------------------------

def test_server_groups_and_actions(api, flavor, refreshes):
    _group(api)
    inst = sf.server(flavor)
    url = '%s/%s/os-security-groups' % (sf.SERVERS, inst.uuid)
    assert [g['name'] for g in api.get(url).json['security_groups']] == \
        ['default']
    action = '%s/%s/action' % (sf.SERVERS, inst.uuid)
    assert api.post(action, {'addSecurityGroup': {'name': 'web'}}
                    ).status_int == 202
    assert sorted(g['name'] for g in api.get(url).json[
        'security_groups']) == ['default', 'web']
    server = api.get('%s/%s' % (sf.SERVERS, inst.uuid)).json['server']
    assert server['security_groups'] == [{'name': 'default'},
                                         {'name': 'web'}]
    assert 'already associated' in assert_fault(
        api.post(action, {'addSecurityGroup': {'name': 'web'}}), 400)
    assert api.post(action, {'removeSecurityGroup': {'name': 'web'}}
                    ).status_int == 202
    assert 'not associated' in assert_fault(
        api.post(action, {'removeSecurityGroup': {'name': 'web'}}), 400)
    assert_fault(api.post(action, {'addSecurityGroup': {'name': 'nope'}}),
                 404)
    assert_fault(api.post(action, {'addSecurityGroup': {}}), 400)
    assert [inst.uuid] in refreshes


@pytest.mark.usefixtures('images')
def test_create_with_groups(api, flavor, casts):
    _group(api)
    resp = api.post(sf.SERVERS, body(security_groups=[{'name': 'web'}]),
                    token=fakes.USER)
    assert resp.status_int == 202, resp.text
    server = resp.json['server']
    assert server['security_groups'] == [{'name': 'web'}]
    groups = objects.SecurityGroupList.get_by_instance(fakes.admin_ctx(),
                                                       server['id'])
    assert [g.name for g in groups] == ['web']
    # No group named: the project's default one.
    plain = api.post(sf.SERVERS, body(), token=fakes.USER).json['server']
    assert plain['security_groups'] == [{'name': 'default'}]


@pytest.mark.usefixtures('images')
def test_create_with_unknown_group_writes_nothing(api, flavor, casts):
    resp = api.post(sf.SERVERS, body(security_groups=[{'name': 'nope'}]),
                    token=fakes.USER)
    assert 'Unable to find security_group with name or id nope' in \
        assert_fault(resp, 400)
    assert objects.InstanceList.get_by_filters(
        fakes.admin_ctx(), {'project_id': 'proj1'}).objects == []
    assert casts['build_instances'].calls == []
