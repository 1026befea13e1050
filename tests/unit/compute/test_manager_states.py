"""The state machine of pause, suspend, soft delete and crash dump on a
compute host with the fake driver: the states each action ends in, its
action event, and what a failure leaves (the old vm_state, a fault)."""

import datetime

from oslo_utils import timeutils
import pytest

from minova.compute import power_state
from minova import context as minova_context
from minova import exception
from minova import objects
from tests.unit.compute import fakes


@pytest.fixture
def active(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                          'host1')
    return fakes.reload(inst)


def _run(compute, inst, method, action, task_state):
    """As the API would: a new request, its action, the task state."""
    context = fakes.ctx()
    inst.task_state = task_state
    inst.save()
    objects.InstanceAction.action_start(context, inst.uuid, action)
    getattr(compute, method)(context, inst)
    return context, fakes.reload(inst)


def _events(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id)
    return action, [(e.event, e.result) for e in
                    objects.InstanceActionEventList.get_by_action(
                        context, action.id) if e.span is None]


@pytest.mark.parametrize('steps', [
    [('pause_instance', 'pause', 'pausing', 'paused', power_state.PAUSED),
     ('unpause_instance', 'unpause', 'unpausing', 'active',
      power_state.RUNNING)],
    [('suspend_instance', 'suspend', 'suspending', 'suspended',
      power_state.SUSPENDED),
     ('resume_instance', 'resume', 'resuming', 'active',
      power_state.RUNNING)],
    [('soft_delete_instance', 'delete', 'soft-deleting', 'soft-delete',
      power_state.SHUTDOWN),
     ('restore_instance', 'restore', 'restoring', 'active',
      power_state.RUNNING)],
])
def test_round_trip(compute, active, steps):
    for method, action, task_state, vm_state, power in steps:
        context, stored = _run(compute, active, method, action, task_state)
        assert (stored.vm_state, stored.task_state, stored.power_state) == \
            (vm_state, None, power)
        record, events = _events(context, active)
        assert record.finish_time is not None
        assert events == [('compute_%s' % method, 'Success')]
        # The guest's step on the timeline, named after the action.
        assert fakes.span_names(context, active) == [
            'compute_guest_%s' % method[:-len('_instance')]]
        active = stored


def test_soft_delete_stamps_deleted_at(compute, active):
    _context, stored = _run(compute, active, 'soft_delete_instance',
                            'delete', 'soft-deleting')
    assert stored.deleted_at is not None
    assert compute.driver.guests[active.uuid].state == power_state.SHUTDOWN


def test_a_failed_unpause_goes_back_with_a_fault(compute, active):
    # The guest runs, so the fake driver refuses to unpause it.
    active.vm_state = 'paused'
    with pytest.raises(exception.InstanceNotRunning):
        _run(compute, active, 'unpause_instance', 'unpause', 'unpausing')
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('paused', None)
    assert stored.fault.message.startswith('Instance %s is not running'
                                           % active.uuid)
    assert stored.fault.code == 409


def test_a_pause_a_delete_preempted_is_not_reverted(compute, active):
    context = fakes.ctx()
    active.task_state = 'deleting'
    active.save()
    objects.InstanceAction.action_start(context, active.uuid, 'pause')
    with pytest.raises(exception.UnexpectedTaskState):
        compute.pause_instance(context, active)
    assert fakes.reload(active).task_state == 'deleting'


def test_trigger_crash_dump_keeps_the_states(compute, active):
    context, stored = _run(compute, active, 'trigger_crash_dump',
                           'trigger_crash_dump', None)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert compute.driver.guests[active.uuid].console[-1].endswith(
        'NMI received')
    record, events = _events(context, active)
    assert record.finish_time is not None
    assert events == [('compute_trigger_crash_dump', 'Success')]
    assert fakes.span_names(context, active) == [
        'compute_guest_trigger_crash_dump']


def test_reclaim_deletes_only_old_soft_deletes(compute, active, flavor,
                                               context, conf):
    conf.config(reclaim_instance_interval=60)
    old = timeutils.utcnow() - datetime.timedelta(seconds=61)
    active.vm_state = 'soft-delete'
    active.deleted_at = old
    active.save()
    young = fakes.instance(flavor, context, vm_state='soft-delete',
                           task_state=None, host='host1',
                           deleted_at=timeutils.utcnow())
    compute.reclaim_queued_deletes(fakes.ctx())
    with pytest.raises(exception.InstanceNotFound):
        fakes.reload(active)
    assert active.uuid not in compute.driver.guests
    assert fakes.reload(young).vm_state == 'soft-delete'
    actions = objects.InstanceActionList.get_by_instance_uuid(
        minova_context.get_admin_context(), active.uuid)
    assert [a.action for a in actions][0] == 'delete'


@pytest.mark.parametrize('task_state,guest,vm_state', [
    ('pausing', power_state.PAUSED, 'paused'),
    ('pausing', power_state.RUNNING, 'active'),
    ('suspending', power_state.SUSPENDED, 'suspended'),
    ('resuming', power_state.RUNNING, 'active'),
    ('soft-deleting', power_state.SHUTDOWN, 'soft-delete'),
])
def test_a_restart_settles_interrupted_actions(compute, active, task_state,
                                               guest, vm_state):
    active.task_state = task_state
    active.save()
    compute.driver.guests[active.uuid].state = guest
    compute.init_host(fakes.ctx())
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == (vm_state, None)
    assert stored.power_state == guest


def test_a_message_that_waited_out_a_restart_does_nothing(compute, active):
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, active.uuid, 'pause')
    stale = fakes.reload(active)
    stale.task_state = 'pausing'   # as the API sent it; then settled
    with pytest.raises(exception.UnexpectedTaskState):
        compute.pause_instance(context, stale)
    assert compute.driver.guests[active.uuid].state == power_state.RUNNING
    assert fakes.reload(active).task_state is None
