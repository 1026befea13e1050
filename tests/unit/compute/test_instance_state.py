"""minova.compute.instance_state: each state move on real rows, with the
expected-state check that lets a delete win, and the notifications sent
through oslo.messaging's test driver."""

import contextlib
import sqlite3

import pytest
import sqlalchemy as sa
import sqlalchemy.orm  # noqa: F401 (sa.orm.Session)

from minova.compute import instance_state
from minova.compute import power_state
from minova.db import api as db
from minova import exception
import minova.conf
from minova import objects
from tests.unit.compute import fakes
from tests.unit.test_notifications import sent  # noqa: F401 (fixture)

CONF = minova.conf.CONF


def _events(sent):  # noqa: F811
    return [(m['event_type'], priority) for _c, m, priority, _r in sent]


def _started(flavor, task_state='powering-off', **kwargs):
    """An action begun by the API: its task state and its action row."""
    values = dict(vm_state='active', task_state=task_state, host='host1',
                  power_state=power_state.RUNNING)
    values.update(kwargs)
    return fakes.instance(flavor, **values)


# -- unless_gone ----------------------------------------------------------

@pytest.mark.parametrize('error', [
    exception.InstanceNotFound(instance_id='x'),
    exception.UnexpectedDeletingTaskState(expected=['a'], actual='deleting')])
def test_unless_gone_ends_the_block_and_gives_back(flavor, error):
    inst = fakes.instance(flavor)
    given_back = []
    with instance_state.unless_gone(
            inst, on_gone=lambda: given_back.append(True)) as outcome:
        raise error
    assert outcome.gone and given_back == [True]


def test_unless_gone_lets_other_errors_through(flavor):
    inst = fakes.instance(flavor)
    with pytest.raises(exception.UnexpectedTaskState):
        with instance_state.unless_gone(inst, on_gone=pytest.fail):
            raise exception.UnexpectedTaskState(expected=['a'], actual='b')
    with instance_state.unless_gone(inst) as outcome:
        pass
    assert not outcome.gone


# -- advance and set_placement --------------------------------------------

def test_advance_expects_the_state_the_object_is_in(flavor):
    inst = fakes.instance(flavor, task_state=None)
    instance_state.advance(inst, 'networking')
    instance_state.advance(inst, 'spawning')
    assert fakes.reload(inst).task_state == 'spawning'


def test_a_refused_move_leaves_the_object_as_it_was(flavor):
    inst = fakes.instance(flavor, task_state=None)
    db.instance_update(inst.uuid, {'task_state': 'deleting'})
    with pytest.raises(exception.UnexpectedDeletingTaskState):
        instance_state.advance(inst, 'networking')
    assert inst.task_state is None
    assert 'task_state' not in inst.obj_what_changed()
    # So no later save writes it over the delete by accident.
    inst.display_name = 'renamed'
    inst.save()
    assert fakes.reload(inst).task_state == 'deleting'


def test_set_and_clear_placement(flavor):
    inst = fakes.instance(flavor)
    instance_state.set_placement(inst, 'host1', 'node1')
    assert (fakes.reload(inst).host, fakes.reload(inst).node) == \
        ('host1', 'node1')
    instance_state.clear_placement(inst)
    assert fakes.reload(inst).host is None


def test_placement_of_a_deleted_instance(flavor):
    inst = fakes.instance(flavor)
    db.instance_destroy(inst.uuid)
    with pytest.raises(exception.InstanceNotFound):
        instance_state.set_placement(inst, 'host1', 'host1')


# -- finish -----------------------------------------------------------------

def test_finish(flavor, sent):  # noqa: F811
    context = fakes.ctx()
    inst = _started(flavor)
    objects.InstanceAction.action_start(context, inst.uuid, 'stop')
    instance_state.finish(context, inst, 'host1', 'power_off', 'stopped',
                          power_state.SHUTDOWN, ['powering-off'],
                          progress=100)
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state, stored.power_state,
            stored.progress) == ('stopped', None, power_state.SHUTDOWN, 100)
    assert objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id).finish_time is not None
    assert _events(sent) == [('instance.power_off.end', 'INFO')]


def test_finish_after_a_delete_began(flavor, sent):  # noqa: F811
    inst = _started(flavor)
    db.instance_update(inst.uuid, {'task_state': 'deleting'})
    with pytest.raises(exception.UnexpectedDeletingTaskState):
        instance_state.finish(fakes.ctx(), inst, 'host1', 'power_off',
                              'stopped', power_state.SHUTDOWN,
                              ['powering-off'])
    assert fakes.reload(inst).task_state == 'deleting'
    assert sent == []


# -- fail, revert, reset_for_reschedule -------------------------------------

def test_fail(flavor, sent):  # noqa: F811
    inst = fakes.instance(flavor, task_state='spawning', host='host1')
    instance_state.fail(fakes.ctx(), inst,
                        exception.InstanceDeployFailure(reason='disk full'),
                        'host1', clear_placement=True)
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state, stored.host, stored.node) \
        == ('error', None, None, None)
    assert stored.fault.message == 'Failed to deploy instance: disk full'
    assert (stored.fault.code, stored.fault.host) == (500, 'host1')
    assert _events(sent) == [('instance.create.error', 'ERROR')]
    payload = sent[0][1]['payload']
    assert payload['fault']['exception'] == 'InstanceDeployFailure'


@pytest.fixture
def commits(db):
    """What a reader in another connection sees after each commit:
    [(vm_state, task_state, number of faults)] of every instance."""
    seen = []
    path = CONF.database.connection[len('sqlite:///'):]

    def after_commit(_session):
        with contextlib.closing(sqlite3.connect(path)) as reader:
            seen.extend(reader.execute(
                'SELECT vm_state, task_state, (SELECT count(*) FROM '
                'instance_faults f WHERE f.instance_uuid = i.uuid) '
                'FROM instances i').fetchall())

    sa.event.listen(sa.orm.Session, 'after_commit', after_commit)
    yield seen
    sa.event.remove(sa.orm.Session, 'after_commit', after_commit)


def test_error_is_never_seen_without_its_fault(flavor, commits):
    inst = fakes.instance(flavor, task_state='spawning', host='host1')
    del commits[:]
    instance_state.fail(fakes.ctx(), inst, ValueError('boom'), 'host1')
    # One commit wrote both: no reader ever finds ERROR and no fault.
    assert commits == [('error', None, 1)]


def test_revert_and_reschedule_write_their_fault_with_the_state(
        flavor, commits):
    inst = _started(flavor, task_state='rebooting')
    building = fakes.instance(flavor, task_state='spawning', host='host1')
    del commits[:]
    instance_state.revert(fakes.ctx(), inst, ValueError('boom'), 'host1',
                          'reboot')
    assert ('active', None, 1) in commits
    assert ('active', None, 0) not in commits
    del commits[:]
    instance_state.reset_for_reschedule(fakes.ctx(), building,
                                        ValueError('boom'), 'host1')
    assert ('building', 'scheduling', 1) in commits
    assert ('building', 'scheduling', 0) not in commits


def test_a_fault_that_cannot_be_written_leaves_no_error(flavor,
                                                        monkeypatch):
    """The state and its fault are one transaction: when the fault's
    insert fails, the state change is rolled back with it."""
    inst = fakes.instance(flavor, task_state='spawning', host='host1')
    fault = objects.InstanceFault.from_exception(
        fakes.ctx(), inst.uuid, ValueError('boom'))
    monkeypatch.setattr(fault, 'db_values', lambda: {'nonsense': 1})
    inst.vm_state = 'error'
    with pytest.raises(TypeError):
        inst.save(expected_task_state=['spawning'], fault=fault)
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.fault) == ('building', None)


def test_fail_keeps_the_host_unless_told(flavor):
    inst = _started(flavor)
    instance_state.fail(fakes.ctx(), inst, ValueError('boom'), 'host1',
                        action='delete')
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.host) == ('error', 'host1')
    assert stored.fault.message == 'boom'


def test_fail_never_overwrites_a_delete(flavor, sent):  # noqa: F811
    inst = fakes.instance(flavor, task_state='spawning')
    db.instance_update(inst.uuid, {'task_state': 'deleting'})
    with pytest.raises(exception.UnexpectedDeletingTaskState):
        instance_state.fail(fakes.ctx(), inst, ValueError('boom'), 'host1')
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('building', 'deleting')
    assert stored.fault is None and sent == []


def test_fail_of_a_deleted_instance_records_nothing(flavor):
    inst = fakes.instance(flavor)
    db.instance_destroy(inst.uuid)
    with instance_state.unless_gone(inst) as outcome:
        instance_state.fail(fakes.ctx(), inst, ValueError('boom'), 'host1')
    assert outcome.gone
    assert objects.Instance.get_by_uuid(
        fakes.ctx().elevated(read_deleted='yes'), inst.uuid,
        expected_attrs=['fault']).fault is None


def test_revert_keeps_the_vm_state_and_the_error_code(flavor):
    inst = _started(flavor, task_state='rebooting')
    try:
        raise exception.InstanceInvalidState(
            action='x', instance_uuid=inst.uuid, attr='vm_state', state='y')
    except exception.InstanceInvalidState as error:
        instance_state.revert(fakes.ctx(), inst, error, 'host1', 'reboot')
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.fault.code == 409
    assert 'Traceback' in stored.fault.details


def test_reset_for_reschedule(flavor, sent):  # noqa: F811
    inst = fakes.instance(flavor, task_state='spawning', host='host1',
                          power_state=power_state.RUNNING)
    instance_state.reset_for_reschedule(
        fakes.ctx(), inst, exception.RescheduledException(
            instance_uuid=inst.uuid, reason='spawn failed'), 'host1')
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('building',
                                                    'scheduling')
    assert (stored.host, stored.node, stored.power_state) == (
        None, None, power_state.NOSTATE)
    assert 'spawn failed' in stored.fault.message
    assert _events(sent) == [('instance.create.error', 'ERROR')]


# -- acting -------------------------------------------------------------------

def _event_results(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id)
    return {e.event: e.result for e in
            objects.InstanceActionEventList.get_by_action(context,
                                                          action.id)}


@pytest.fixture
def stopping(flavor):
    context = fakes.ctx()
    inst = _started(flavor)
    objects.InstanceAction.action_start(context, inst.uuid, 'stop')
    return context, inst


def test_acting_on_success(stopping, sent):  # noqa: F811
    context, inst = stopping
    with instance_state.acting(context, inst, 'host1', 'power_off',
                               'compute_stop_instance'):
        instance_state.finish(context, inst, 'host1', 'power_off',
                              'stopped', power_state.SHUTDOWN,
                              ['powering-off'])
    assert _events(sent) == [('instance.power_off.start', 'INFO'),
                             ('instance.power_off.end', 'INFO')]
    assert _event_results(context, inst) == {
        'compute_stop_instance': 'Success'}
    assert fakes.reload(inst).fault is None


def test_acting_reverts_on_failure(stopping, sent):  # noqa: F811
    context, inst = stopping
    with pytest.raises(exception.InstanceNotFound):
        with instance_state.acting(context, inst, 'host1', 'power_off',
                                   'compute_stop_instance'):
            raise exception.InstanceNotFound(instance_id=inst.uuid)  # guest
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.fault.code == 404
    assert _events(sent)[-1] == ('instance.power_off.error', 'ERROR')
    assert _event_results(context, inst) == {
        'compute_stop_instance': 'Error'}


def test_acting_can_set_error(stopping):
    context, inst = stopping
    with pytest.raises(RuntimeError):
        with instance_state.acting(context, inst, 'host1', 'delete',
                                   'compute_terminate_instance',
                                   on_failure=instance_state.ERROR):
            raise RuntimeError('libvirt is down')
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert stored.fault.message == 'libvirt is down'


def test_acting_leaves_a_preempted_task_alone(stopping):
    context, inst = stopping
    db.instance_update(inst.uuid, {'task_state': 'deleting'})
    with pytest.raises(exception.UnexpectedDeletingTaskState):
        with instance_state.acting(context, inst, 'host1', 'power_off',
                                   'compute_stop_instance'):
            instance_state.finish(context, inst, 'host1', 'power_off',
                                  'stopped', power_state.SHUTDOWN,
                                  ['powering-off'])
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('active', 'deleting')
    assert stored.fault is None


def test_acting_on_an_instance_deleted_meanwhile(stopping):
    context, inst = stopping
    db.instance_destroy(inst.uuid)
    with pytest.raises(ValueError):     # the error, not the missing row
        with instance_state.acting(context, inst, 'host1', 'power_off',
                                   'compute_stop_instance'):
            raise ValueError('boom')
