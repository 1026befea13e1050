"""minova.objects.instance: create/get/save/destroy and InstanceList."""

import datetime

from oslo_utils import timeutils
import pytest

from minova import context as minova_context
from minova.db import api as db
from minova import exception
from minova import objects
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.compute import fakes


def _get(uuid, read_deleted='no', **kwargs):
    return objects.Instance.get_by_uuid(
        minova_context.get_admin_context(read_deleted=read_deleted), uuid,
        **kwargs)


def test_create_and_get_round_trip(flavor):
    inst = fakes.instance(flavor, metadata={'a': 'b'},
                          system_metadata={'image_x': None},
                          tags=['t1'], display_description='d')
    assert inst.id > 0 and inst.created_at.tzinfo is not None
    assert inst.obj_what_changed() == set()
    found = _get(inst.uuid)
    assert found.flavor.flavorid == '1' and found.flavor.memory_mb == 512
    assert found.metadata == {'a': 'b'}
    assert found.system_metadata == {'image_x': None}
    assert found.tags == ['t1'] and found.display_description == 'd'
    assert found.deleted is False
    assert not found.obj_attr_is_set('fault')
    assert found.name == 'instance-%08x' % found.id


def test_create_twice_is_refused(flavor):
    inst = fakes.instance(flavor)
    with pytest.raises(exception.ObjectActionError):
        inst.create()


def test_json_fields_default_when_unset(flavor):
    inst = objects.Instance(fakes.ctx(), display_name='bare', flavor=flavor)
    inst.create()
    found = _get(inst.uuid)
    assert (found.metadata, found.system_metadata, found.tags) == \
        ({}, {}, [])


def test_get_unknown(db):
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(fakes.ctx(), sf.IMAGE)


def test_save_writes_only_changes(flavor):
    inst = fakes.instance(flavor)
    other_copy = _get(inst.uuid)
    inst.display_name = 'renamed'
    inst.metadata = {'k': 'v'}
    inst.save()
    assert inst.obj_what_changed() == set() and inst.updated_at
    other_copy.task_state = None
    other_copy.save()
    found = _get(inst.uuid)
    assert (found.display_name, found.metadata, found.task_state) == \
        ('renamed', {'k': 'v'}, None)


def test_save_without_changes_does_nothing(flavor):
    inst = fakes.instance(flavor)
    inst.save()
    assert _get(inst.uuid).updated_at is None


@pytest.mark.parametrize('expected', ['scheduling', ['scheduling', None],
                                      ('networking', 'scheduling')])
def test_save_with_the_expected_task_state(flavor, expected):
    inst = fakes.instance(flavor)
    inst.task_state = 'networking'
    inst.save(expected_task_state=expected)
    assert _get(inst.uuid).task_state == 'networking'


def test_save_with_an_unexpected_task_state(flavor):
    inst = fakes.instance(flavor)
    stale = _get(inst.uuid)
    inst.task_state = 'networking'
    inst.save()
    stale.task_state = 'spawning'
    with pytest.raises(exception.UnexpectedTaskState) as error:
        stale.save(expected_task_state=['scheduling'])
    assert not isinstance(error.value, exception.UnexpectedDeletingTaskState)
    assert error.value.kwargs['actual'] == 'networking'
    assert _get(inst.uuid).task_state == 'networking'


def test_save_after_a_delete_request(flavor):
    inst = fakes.instance(flavor, task_state='spawning')
    db.instance_update(inst.uuid, {'task_state': 'deleting'})
    inst.vm_state = 'active'
    inst.task_state = None
    with pytest.raises(exception.UnexpectedDeletingTaskState):
        inst.save(expected_task_state=['spawning'])
    assert _get(inst.uuid).vm_state == 'building'


def test_save_with_an_unexpected_vm_state(flavor):
    inst = fakes.instance(flavor)
    inst.task_state = None
    with pytest.raises(exception.Conflict):
        inst.save(expected_vm_state=['active'])
    inst.save(expected_vm_state='building')


def test_save_of_a_deleted_instance(flavor):
    inst = fakes.instance(flavor)
    db.instance_destroy(inst.uuid)
    inst.display_name = 'late'
    with pytest.raises(exception.InstanceNotFound):
        inst.save()


def test_refresh(flavor):
    inst = fakes.instance(flavor)
    db.instance_update(inst.uuid, {'vm_state': 'active', 'host': 'h'})
    inst.refresh()
    assert (inst.vm_state, inst.host) == ('active', 'h')
    assert inst.obj_what_changed() == set()


def _rows(inst):
    bdms = db.rows_get('BlockDeviceMapping', read_deleted='yes',
                       instance_uuid=inst.uuid)
    actions = db.actions_get(inst.uuid)
    return bdms, actions


def _with_children(flavor):
    context = fakes.ctx()
    inst = fakes.instance(flavor, context)
    objects.BlockDeviceMapping(context, instance_uuid=inst.uuid,
                               source_type='image', destination_type='local',
                               boot_index=0).create()
    objects.InstanceActionEvent.event_start(context, inst.uuid, 'ev')
    group = objects.InstanceGroup(context, name='g', policy='affinity',
                                  project_id='proj1', user_id='alice')
    group.create()
    objects.InstanceGroup.add_members(context, group.uuid, [inst.uuid])
    return inst, group


def test_soft_destroy(flavor):
    inst, group = _with_children(flavor)
    inst.destroy()
    assert inst.deleted and inst.vm_state == 'deleted'
    assert inst.obj_what_changed() == set()
    with pytest.raises(exception.InstanceNotFound):
        _get(inst.uuid)
    found = _get(inst.uuid, read_deleted='yes')
    assert found.deleted and found.vm_state == 'deleted'
    assert found.terminated_at is not None and found.task_state is None
    row = db.instance_get_by_uuid(inst.uuid, read_deleted='yes')
    assert row.deleted == row.id
    bdms, actions = _rows(inst)
    assert [b.deleted for b in bdms] == [bdms[0].id]
    assert len(actions) == 1              # history stays
    assert objects.InstanceGroup.get_by_uuid(
        fakes.ctx(), group.uuid).members == []
    with pytest.raises(exception.InstanceNotFound):
        inst.destroy()


def test_hard_destroy(flavor):
    inst, group = _with_children(flavor)
    inst.destroy(hard=True)
    assert inst.deleted
    with pytest.raises(exception.InstanceNotFound):
        _get(inst.uuid, read_deleted='yes')
    assert _rows(inst) == ([], [])
    assert sf.row_counts() == sf.NO_ROWS
    assert objects.InstanceGroup.get_by_uuid(
        fakes.ctx(), group.uuid).members == []


def test_fault_is_loaded_on_request(flavor):
    inst = fakes.instance(flavor)
    for message in ('first', 'latest'):
        objects.InstanceFault(fakes.ctx(), instance_uuid=inst.uuid,
                              code=500, message=message).create()
    assert _get(inst.uuid, expected_attrs=['fault']).fault.message == \
        'latest'
    listed = objects.InstanceList.get_by_filters(
        fakes.ctx(), {'uuid': [inst.uuid]}, expected_attrs=['fault'])
    assert listed[0].fault.message == 'latest'
    assert listed[0].obj_what_changed() == set()


def test_primitive_round_trip(flavor):
    inst = _get(fakes.instance(flavor, metadata={'a': 'b'}).uuid)
    copy = objects.Instance.obj_from_primitive(inst.obj_to_primitive())
    assert copy.uuid == inst.uuid and copy.flavor.name == 'm1.tiny'
    assert copy.metadata == {'a': 'b'}


# -- InstanceList -------------------------------------------------------------

@pytest.fixture
def many(flavor):
    """Five instances, created a second apart, over two projects/hosts."""
    start = timeutils.utcnow() - datetime.timedelta(minutes=5)
    made = []
    for i, (project, host, state) in enumerate([
            ('proj1', 'h1', 'active'), ('proj1', 'h2', 'stopped'),
            ('proj2', 'h1', 'active'), ('proj1', None, 'building'),
            ('proj1', 'h1', 'error')]):
        inst = fakes.instance(flavor, project_id=project, host=host,
                              vm_state=state, task_state=None,
                              display_name='vm%d' % i,
                              reservation_id='r-%d' % (i % 2))
        db.instance_update(inst.uuid, {
            'created_at': start + datetime.timedelta(seconds=i)})
        made.append(inst)
    return made


def _names(filters, **kwargs):
    return [i.display_name for i in objects.InstanceList.get_by_filters(
        fakes.ctx(), filters, **kwargs)]


@pytest.mark.parametrize('filters,names', [
    ({}, ['vm4', 'vm3', 'vm2', 'vm1', 'vm0']),
    ({'project_id': 'proj2'}, ['vm2']),
    ({'host': 'h1'}, ['vm4', 'vm2', 'vm0']),
    ({'vm_state': ['active', 'error']}, ['vm4', 'vm2', 'vm0']),
    ({'vm_state': 'stopped'}, ['vm1']),
    ({'vm_state': []}, []),
    ({'task_state': [None]}, ['vm4', 'vm3', 'vm2', 'vm1', 'vm0']),
    ({'display_name': 'm3'}, ['vm3']),
    ({'display_name': '%'}, []),
    ({'reservation_id': 'r-1'}, ['vm3', 'vm1']),
    ({'project_id': 'proj1', 'host': 'h1'}, ['vm4', 'vm0']),
])
def test_filters(many, filters, names):
    assert _names(filters) == names


def test_deleted_filters(many):
    recent = timeutils.utcnow()
    many[1].destroy()
    assert 'vm1' not in _names({})
    assert _names({'deleted': True}) == ['vm1']
    assert _names({'changes-since': recent}) == ['vm1']


def test_sort_and_paginate(many):
    asc = dict(sort_keys=['display_name'], sort_dirs=['asc'])
    assert _names({}, limit=2, **asc) == ['vm0', 'vm1']
    assert _names({}, limit=2, marker=many[1].uuid, **asc) == ['vm2', 'vm3']
    assert _names({}, marker=many[4].uuid, **asc) == []
    assert _names({}, limit=2, marker=many[3].uuid) == ['vm2', 'vm1']


def test_paginate_over_equal_and_null_sort_values(many):
    """Hosts repeat and one is NULL: the id tie-break still walks every
    row exactly once, in both directions."""
    for direction in ('asc', 'desc'):
        seen, marker = [], None
        while True:
            page = objects.InstanceList.get_by_filters(
                fakes.ctx(), {}, sort_keys=['host'], sort_dirs=[direction],
                limit=2, marker=marker)
            if not page:
                break
            seen.extend(i.display_name for i in page)
            marker = page[-1].uuid
        assert sorted(seen) == ['vm0', 'vm1', 'vm2', 'vm3', 'vm4']
        assert len(seen) == 5


def test_bad_sort_key_and_marker(many):
    with pytest.raises(exception.InvalidSortKey):
        _names({}, sort_keys=['key_data'])
    with pytest.raises(exception.MarkerNotFound):
        _names({}, marker=sf.IMAGE)


def test_by_host_and_all_placed(many):
    many[0].destroy()
    by_host = objects.InstanceList.get_by_host(fakes.ctx(), 'h1')
    assert sorted(i.display_name for i in by_host) == ['vm2', 'vm4']
    assert objects.InstanceList.get_by_host(fakes.ctx(), 'h1',
                                            node='nope').objects == []
    names = {i.uuid: i.display_name for i in many}
    placed = objects.InstanceList.get_placements(fakes.ctx())
    assert sorted(names[p[0]] for p in placed) == ['vm1', 'vm2', 'vm4']
    on_h1 = objects.InstanceList.get_placements(fakes.ctx(), 'h1')
    assert sorted(names[p[0]] for p in on_h1) == ['vm2', 'vm4']
    for uuid, host, _node, memory_mb, vcpus, disk_mb in placed:
        inst = [i for i in many if i.uuid == uuid][0]
        assert (host, memory_mb, vcpus, disk_mb) == (
            inst.host, inst.memory_mb, inst.vcpus,
            (inst.root_gb + inst.ephemeral_gb) * 1024 + inst.flavor.swap)


def test_a_save_survives_a_lost_connection(flavor, monkeypatch):
    """Instance.save is one transaction (the update, its fault, its
    action records) and, as a whole, runs again when the database
    restarts under it, as every query function does."""
    from oslo_db import api as oslo_db_api
    from sqlalchemy import exc as sqla_exc
    monkeypatch.setattr(oslo_db_api.time, 'sleep', lambda seconds: None)
    inst = fakes.instance(flavor)
    real = db.instance_update
    calls = []

    def update_on_a_restarting_server(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 1:
            raise sqla_exc.OperationalError(
                'UPDATE instances', {}, Exception(
                    "(2013, 'Lost connection to MySQL server during "
                    "query')"))
        return real(*args, **kwargs)
    monkeypatch.setattr(db, 'instance_update', update_on_a_restarting_server)
    was = inst.task_state
    inst.task_state = None
    inst.save(expected_task_state=[was])
    assert calls == [inst.uuid, inst.uuid]
    assert _get(inst.uuid).task_state is None
