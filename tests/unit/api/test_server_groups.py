"""/os-server-groups."""

import pytest
from oslo_utils import uuidutils

from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault

URL = '/v2.1/os-server-groups'


def _create(api, name='g', policies=('affinity',), token='alice:proj1',
            version=None):
    return api.post(URL, {'server_group': {'name': name,
                                           'policies': list(policies)}},
                    token=token, version=version)


def _all_groups():
    return list(objects.InstanceGroupList.get_by_project_id(
        fakes.admin_ctx()))


def test_create_v21(api):
    resp = _create(api)
    assert resp.status_int == 200
    group = resp.json['server_group']
    assert set(group) == {'id', 'name', 'policies', 'members', 'metadata'}
    assert uuidutils.is_uuid_like(group['id'])
    assert group['name'] == 'g'
    assert group['policies'] == ['affinity']
    assert group['members'] == [] and group['metadata'] == {}


def test_create_v213_shows_owner(api):
    group = _create(api, version='2.13').json['server_group']
    assert group['project_id'] == 'proj1' and group['user_id'] == 'alice'


@pytest.mark.parametrize('policy', ['soft-affinity', 'soft-anti-affinity'])
def test_soft_policies_from_215(api, policy):
    assert_fault(_create(api, policies=[policy], version='2.14'), 400)
    assert _all_groups() == []
    resp = _create(api, policies=[policy], version='2.15')
    assert resp.status_int == 200
    assert resp.json['server_group']['policies'] == [policy]


@pytest.mark.parametrize('body', [
    {},
    {'server_group': {'name': 'g'}},
    {'server_group': {'policies': ['affinity']}},
    {'server_group': {'name': 'g', 'policies': []}},
    {'server_group': {'name': 'g', 'policies': ['affinity',
                                                'anti-affinity']}},
    {'server_group': {'name': 'g', 'policies': ['affinity', 'affinity']}},
    {'server_group': {'name': 'g', 'policies': ['friendly']}},
    {'server_group': {'name': 'g', 'policies': 'affinity'}},
    {'server_group': {'name': '', 'policies': ['affinity']}},
    {'server_group': {'name': ' g', 'policies': ['affinity']}},
    {'server_group': {'name': 'g', 'policies': ['affinity'], 'x': 1}},
])
def test_create_bad_bodies(api, body):
    assert_fault(api.post(URL, body, version='2.15'), 400)
    assert _all_groups() == []


def test_quota(api, conf):
    conf.config(server_groups=1, group='quota')
    assert _create(api).status_int == 200
    msg = assert_fault(_create(api, name='g2'), 403)
    assert 'server groups' in msg
    assert len(_all_groups()) == 1
    # Another project has its own quota.
    assert _create(api, token=OTHER).status_int == 200


def test_index(api):
    _create(api, 'a')
    _create(api, 'b', policies=['anti-affinity'])
    _create(api, 'theirs', token=OTHER)
    resp = api.get(URL)
    assert resp.status_int == 200
    groups = resp.json['server_groups']
    assert [g['name'] for g in groups] == ['a', 'b']
    assert set(groups[0]) == {'id', 'name', 'policies', 'members',
                              'metadata'}
    groups = api.get(URL, version='2.13').json['server_groups']
    assert {g['project_id'] for g in groups} == {'proj1'}


def test_index_all_projects(api):
    _create(api, 'a')
    _create(api, 'theirs', token=OTHER)
    names = [g['name'] for g in api.get(
        URL + '?all_projects=True', token=ADMIN).json['server_groups']]
    assert names == ['a', 'theirs']
    assert api.get(URL, token=ADMIN).json['server_groups'] == []
    # A user asking for all projects sees their own.
    names = [g['name'] for g in api.get(
        URL + '?all_projects=True').json['server_groups']]
    assert names == ['a']


def test_index_limit_offset(api):
    for name in 'abcd':
        _create(api, name)
    names = [g['name'] for g in api.get(
        URL + '?limit=2&offset=1').json['server_groups']]
    assert names == ['b', 'c']
    assert_fault(api.get(URL + '?limit=x'), 400)
    assert_fault(api.get(URL + '?offset=-1'), 400)


def test_show_and_members(api):
    group_id = _create(api).json['server_group']['id']
    live = fakes.instance()
    gone = fakes.instance()
    objects.InstanceGroup.add_members(fakes.admin_ctx(), group_id,
                                      [live.uuid, gone.uuid])
    gone.destroy()
    resp = api.get(URL + '/' + group_id)
    assert resp.status_int == 200
    group = resp.json['server_group']
    assert group['id'] == group_id
    assert group['members'] == [live.uuid]
    assert_fault(api.get(URL + '/' + uuidutils.generate_uuid()), 404)


def test_show_other_project(api):
    group_id = _create(api).json['server_group']['id']
    assert_fault(api.get(URL + '/' + group_id, token=OTHER), 403)
    assert api.get(URL + '/' + group_id, token=ADMIN).status_int == 200


def test_delete(api):
    group_id = _create(api).json['server_group']['id']
    assert_fault(api.delete(URL + '/' + group_id, token=OTHER), 403)
    resp = api.delete(URL + '/' + group_id)
    assert resp.status_int == 204
    assert resp.body == b''
    assert _all_groups() == []
    assert_fault(api.delete(URL + '/' + group_id), 404)
