"""POST /servers/{id}/action resize, confirmResize, revertResize,
migrate, evacuate, and GET /os-migrations, /servers/{id}/migrations:
bodies, microversions, policy and refusals (the flows themselves are in
tests/unit/compute/test_server_moves.py)."""

import pytest
from oslo_utils import timeutils

from minova.compute import rpcapi as compute_rpcapi
from minova.conductor import rpcapi as conductor_rpcapi
from minova import exception
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf


@pytest.fixture
def moves(monkeypatch):
    """What the API sends on: the conductor's tasks, compute's casts."""
    recorders = {}
    for cls, names in ((conductor_rpcapi.ComputeTaskAPI,
                        ('migrate_server', 'evacuate_instance')),
                       (compute_rpcapi.ComputeAPI,
                        ('confirm_resize', 'revert_resize'))):
        for name in names:
            recorders[name] = sf.Recorder()
            monkeypatch.setattr(cls, name, (
                lambda rec: lambda self, *a, **kw: rec(*a, **kw))(
                    recorders[name]))
    return recorders


@pytest.fixture
def active(api, flavor):
    return sf.server(flavor, launched_at=timeutils.utcnow())


@pytest.fixture
def big(api):
    return fakes.flavor(flavorid='2', name='m1.small', memory_mb=1024,
                        root_gb=2)


def _action(api, inst, body, token=fakes.USER, version=None):
    return api.post('%s/%s/action' % (sf.SERVERS, inst.uuid), body,
                    token=token, version=version)


def _migration(inst, status='finished', **kwargs):
    values = dict(instance_uuid=inst.uuid, source_compute='host1',
                  source_node='host1', dest_compute='host2',
                  dest_node='host2', dest_host='host2', status=status,
                  migration_type='resize', old_instance_type_id=1,
                  new_instance_type_id=2)
    values.update(kwargs)
    migration = objects.Migration(fakes.admin_ctx(), **values)
    migration.create()
    return migration


def test_resize_is_accepted_and_goes_to_the_conductor(api, moves, active,
                                                      big):
    resp = _action(api, active, {'resize': {'flavorRef': '2'}})
    assert resp.status_int == 202, resp.text
    stored = objects.Instance.get_by_uuid(fakes.admin_ctx(), active.uuid)
    assert stored.task_state == 'resize_prep'
    [(args, _kw)] = moves['migrate_server'].calls
    assert args[2].flavorid == '2'


@pytest.mark.parametrize('body,code,message', [
    ({'resize': {'flavorRef': '1'}}, 400,
     'When resizing, instances must change flavor!'),
    ({'resize': {'flavorRef': '99'}}, 400,
     'Unable to locate requested flavor.'),
    ({'resize': {}}, 400, None),
    ({'confirmResize': None}, 409, "Cannot 'confirmResize' instance"),
    ({'revertResize': None}, 409, "Cannot 'revertResize' instance"),
])
def test_resize_refusals(api, moves, active, body, code, message):
    text = assert_fault(_action(api, active, body), code)
    if message:
        assert text.startswith(message)
    assert not moves['migrate_server'].calls


def test_confirm_without_a_finished_migration_is_400(api, moves, flavor):
    resized = sf.server(flavor, vm_state='resized',
                        launched_at=timeutils.utcnow())
    text = assert_fault(_action(api, resized, {'confirmResize': None}), 400)
    assert text == 'Instance has not been resized.'


def test_confirm_and_revert_go_to_their_hosts(api, moves, flavor):
    resized = sf.server(flavor, vm_state='resized', host='host2',
                        launched_at=timeutils.utcnow())
    migration = _migration(resized)
    assert _action(api, resized, {'confirmResize': None}).status_int == 204
    [(args, _kw)] = moves['confirm_resize'].calls
    assert args[3] == 'host1'
    assert objects.Migration.get_by_id(
        fakes.admin_ctx(), migration.id).status == 'confirming'

    other = sf.server(flavor, vm_state='resized', host='host2',
                      launched_at=timeutils.utcnow())
    _migration(other)
    assert _action(api, other, {'revertResize': None}).status_int == 202
    [(args, _kw)] = moves['revert_resize'].calls
    assert args[3] == 'host2'
    assert objects.Instance.get_by_uuid(
        fakes.admin_ctx(), other.uuid).task_state == 'resize_reverting'


def test_a_resize_without_a_host_is_400(api, monkeypatch, active, big):
    def no_host(self, *args, **kwargs):
        raise exception.NoValidHost(reason='none left')
    monkeypatch.setattr(conductor_rpcapi.ComputeTaskAPI, 'migrate_server',
                        no_host)
    text = assert_fault(_action(api, active, {'resize': {'flavorRef': '2'}}),
                        400)
    assert text.startswith('No valid host was found.')


def test_migrate_is_admin_only(api, moves, active):
    assert_fault(_action(api, active, {'migrate': None}), 403)
    assert _action(api, active, {'migrate': None},
                   token=ADMIN).status_int == 202
    [(args, _kw)] = moves['migrate_server'].calls
    assert args[2].flavorid == active.flavor.flavorid


def test_evacuate_versions(api, moves, active):
    fakes.mark_down(fakes.service(host='host1'))
    fakes.service(host='host2')
    path = '%s/%s/action' % (sf.SERVERS, active.uuid)
    # 2.1-2.13: onSharedStorage required, the password answered.
    assert_fault(api.post(path, {'evacuate': {}}, token=ADMIN,
                          version='2.13'), 400)
    resp = api.post(path, {'evacuate': {'onSharedStorage': False,
                                        'adminPass': 'pw'}},
                    token=ADMIN, version='2.13')
    assert resp.status_int == 200, resp.text
    assert resp.json == {'adminPass': 'pw'}
    [(args, kwargs)] = moves['evacuate_instance'].calls
    assert kwargs['force'] is False and kwargs['host'] is None


def test_evacuate_2_29_with_force_and_refusals(api, moves, flavor):
    fakes.mark_down(fakes.service(host='host1'))
    fakes.service(host='host2')
    inst = sf.server(flavor, launched_at=timeutils.utcnow())
    path = '%s/%s/action' % (sf.SERVERS, inst.uuid)
    resp = api.post(path, {'evacuate': {'host': 'host2', 'force': True}},
                    token=ADMIN, version='2.29')
    assert resp.status_int == 200 and resp.body == b''
    assert moves['evacuate_instance'].calls[0][1]['force'] is True
    assert_fault(api.post(path, {'evacuate': {'onSharedStorage': False}},
                          token=ADMIN, version='2.14'), 400)
    assert_fault(api.post(path, {'evacuate': {}}, version='2.29'), 403)


def test_evacuate_while_the_host_is_up_is_400(api, moves, active):
    fakes.service(host='host1')
    text = assert_fault(api.post(
        '%s/%s/action' % (sf.SERVERS, active.uuid), {'evacuate': {}},
        token=ADMIN, version='2.29'), 400)
    assert text == 'Compute service of host1 is still in use.'


def test_os_migrations_fields_by_version(api, active):
    migration = _migration(active, status='migrating')
    _migration(active, status='confirmed', source_compute='host3',
               dest_compute='host4')
    resp = api.get('/v2.1/os-migrations', token=ADMIN)
    assert resp.status_int == 200
    assert len(resp.json['migrations']) == 2
    first = [m for m in resp.json['migrations']
             if m['id'] == migration.id][0]
    assert set(first) == {
        'id', 'source_node', 'dest_node', 'source_compute', 'dest_compute',
        'dest_host', 'status', 'instance_uuid', 'old_instance_type_id',
        'new_instance_type_id', 'created_at', 'updated_at'}
    resp = api.get('/v2.1/os-migrations?host=host3', token=ADMIN,
                   version='2.23')
    [only] = resp.json['migrations']
    assert (only['status'], only['migration_type']) == ('confirmed',
                                                        'resize')
    resp = api.get('/v2.1/os-migrations?status=migrating', token=ADMIN)
    assert [m['id'] for m in resp.json['migrations']] == [migration.id]
    assert_fault(api.get('/v2.1/os-migrations'), 403)


def test_server_migrations_from_2_23(api, active):
    migration = _migration(active, status='migrating')
    _migration(active, status='confirmed')
    path = '%s/%s/migrations' % (sf.SERVERS, active.uuid)
    assert api.get(path, token=ADMIN, version='2.22').status_int == 404
    resp = api.get(path, token=ADMIN, version='2.23')
    [shown] = resp.json['migrations']
    assert shown['id'] == migration.id
    assert shown['server_uuid'] == active.uuid
    assert shown['memory_total_bytes'] is None
    resp = api.get('%s/%d' % (path, migration.id), token=ADMIN,
                   version='2.23')
    assert resp.json['migration']['status'] == 'migrating'
    assert_fault(api.get('%s/12345' % path, token=ADMIN, version='2.23'),
                 404)
