"""minova.compute.build: one build on a host with the fake driver, and its
reschedule, error and deleted-meanwhile paths."""

from oslo_utils import timeutils
import pytest

from minova.compute import build
from minova.compute import power_state
from minova.db import api as db
from minova import exception
from minova import objects
from tests.unit.compute import fakes


def _build(compute, context, inst, spec=None):
    compute.builder.build(context, inst, fakes.IMAGE, spec or _spec(inst),
                          'pw', None, 'host1')
    return fakes.reload(inst)


def _spec(inst):
    return objects.RequestSpec(flavor=inst.flavor, num_instances=1,
                               instance_uuid=inst.uuid, scheduler_hints={},
                               retry=objects.SchedulerRetries(
                                   num_attempts=1,
                                   hosts=[['host1', 'host1']]))


def _events(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id)
    # Timeline spans (e.span) are checked on their own.
    return action, {e.event: e.result for e in
                    objects.InstanceActionEventList.get_by_action(
                        context, action.id) if e.span is None}


def _spans(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id)
    return [e.event for e in objects.InstanceActionEventList.get_by_action(
        context, action.id) if e.span is not None]


def test_build_to_active(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    built = _build(compute, context, inst)
    assert (built.vm_state, built.task_state) == ('active', None)
    assert built.power_state == power_state.RUNNING
    assert built.launched_at is not None
    assert (built.host, built.node) == ('host1', 'host1')
    assert built.fault is None
    assert list(compute.driver.guests) == [inst.uuid]
    action, events = _events(context, inst)
    assert action.finish_time is not None
    assert events == {'compute__do_build_and_run_instance': 'Success'}
    assert compute.reschedules.calls == []
    # The build's steps, in order, written before ACTIVE.
    assert _spans(context, inst) == [
        'compute_take_build', 'compute_claim', 'compute_network_allocate',
        'compute_block_devices', 'compute_spawn', 'fake_spawn']


def _assert_rescheduled(compute, inst, message):
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('building',
                                                    'scheduling')
    assert (stored.host, stored.node) == (None, None)
    assert stored.power_state == power_state.NOSTATE
    assert message in stored.fault.message
    assert stored.fault.host == 'host1'
    assert compute.driver.guests == {}
    [(args, kwargs)] = compute.reschedules.calls
    _context, instances, image, spec = args
    assert [i.uuid for i in instances] == [inst.uuid]
    assert image == fakes.IMAGE
    assert spec.retry.hosts == [['host1', 'host1']]
    assert kwargs == {'admin_password': 'pw', 'requested_networks': None}


def test_failed_claim_reschedules(compute, flavor, context, conf):
    conf.config(memory_mb=256, group='fake_driver')
    conf.config(ram_allocation_ratio=1.0, reserved_host_memory_mb=0)
    inst = fakes.instance(flavor, context)
    _build(compute, context, inst)
    _assert_rescheduled(compute, inst,
                        'memory_mb: requested 512, free 256')


def test_failed_spawn_reschedules(compute, flavor, context, conf):
    conf.config(fail_all_spawns=True, group='fake_driver')
    inst = fakes.instance(flavor, context)
    _build(compute, context, inst)
    _assert_rescheduled(compute, inst, 'the fake driver was told to fail')


def test_failed_spawn_for_a_name(compute, flavor, context, conf):
    conf.config(fail_spawn_for_names=['unlucky'], group='fake_driver')
    lucky = fakes.instance(flavor, context, display_name='lucky')
    unlucky = fakes.instance(flavor, context, display_name='unlucky')
    assert _build(compute, context, lucky).vm_state == 'active'
    _build(compute, context, unlucky)
    assert fakes.reload(unlucky).task_state == 'scheduling'
    assert list(compute.driver.guests) == [lucky.uuid]


def test_delete_during_build_stops_it(compute, flavor, context,
                                      monkeypatch):
    inst = fakes.instance(flavor, context)
    real_spawn = compute.driver.spawn

    def spawn_while_deleted(*args, **kwargs):
        # The user deleted the server as the spawn began.
        db.instance_update(inst.uuid, {'task_state': 'deleting'})
        return real_spawn(*args, **kwargs)
    monkeypatch.setattr(compute.driver, 'spawn', spawn_while_deleted)
    stored = _build(compute, context, inst)
    assert compute.driver.guests == {}              # guest cleaned up
    assert (stored.vm_state, stored.task_state) == ('building', 'deleting')
    assert stored.launched_at is None and stored.fault is None
    assert compute.reschedules.calls == []


def test_delete_before_spawn_never_spawns(compute, flavor, context,
                                          monkeypatch):
    inst = fakes.instance(flavor, context)
    spawned = []
    monkeypatch.setattr(compute.driver, 'spawn',
                        lambda *args, **kwargs: spawned.append(args))
    real_claim = compute.rt.instance_claim

    def claim_then_delete(*args, **kwargs):
        db.instance_update(inst.uuid, {'task_state': 'deleting'})
        return real_claim(*args, **kwargs)
    monkeypatch.setattr(compute.rt, 'instance_claim', claim_then_delete)
    _build(compute, context, inst)
    assert spawned == []
    assert compute.reschedules.calls == []


def test_instance_gone_before_the_build(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    db.instance_destroy(inst.uuid)
    compute.builder.build(context, inst, fakes.IMAGE, _spec(inst), 'pw',
                          None, 'host1')
    assert compute.driver.guests == {}
    assert compute.reschedules.calls == []


def test_build_abort_sets_error(compute, flavor, context, monkeypatch):
    inst = fakes.instance(flavor, context)

    def abort(context, instance, *args, **kwargs):
        compute.driver.guests[instance.uuid] = object()   # half made
        raise exception.BuildAbortException(instance_uuid=instance.uuid,
                                            reason='image is corrupt')
    monkeypatch.setattr(compute.driver, 'spawn', abort)
    stored = _build(compute, context, inst)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert 'image is corrupt' in stored.fault.message
    assert stored.fault.code == 500
    assert compute.driver.guests == {}
    assert compute.reschedules.calls == []
    _action, events = _events(context, inst)
    assert events == {'compute__do_build_and_run_instance': 'Error'}


def test_failed_reschedule_cast_sets_error(compute, flavor, context, conf):
    conf.config(fail_all_spawns=True, group='fake_driver')

    def broken(*args, **kwargs):
        raise RuntimeError('conductor unreachable')
    compute.compute_task_api.build_instances = broken
    inst = fakes.instance(flavor, context)
    stored = _build(compute, context, inst)
    assert stored.vm_state == 'error'
    assert stored.fault.message == 'conductor unreachable'


def test_reschedule_of_a_deleted_instance_is_dropped(compute, flavor,
                                                     context, conf,
                                                     monkeypatch):
    conf.config(fail_all_spawns=True, group='fake_driver')
    inst = fakes.instance(flavor, context)
    real_cleanup = compute.builder._give_back_job

    def cleanup_then_delete(job):
        real_cleanup(job)
        db.instance_update(inst.uuid, {'task_state': 'deleting'})
    monkeypatch.setattr(compute.builder, '_give_back_job',
                        cleanup_then_delete)
    _build(compute, context, inst)
    assert compute.reschedules.calls == []
    assert fakes.reload(inst).task_state == 'deleting'


@pytest.mark.parametrize('error', [
    exception.InvalidDiskFormat(disk_format='aki'),
    exception.FlavorDiskSmallerThanImage(flavor_size=1073741824,
                                         image_size=2147483648),
    exception.ImageUnacceptable(image_id='x', reason='it has a backing '
                                                     'file'),
])
def test_an_image_no_host_can_boot_aborts_with_its_reason(
        compute, flavor, context, monkeypatch, error):
    inst = fakes.instance(flavor, context)

    def spawn(*args, **kwargs):
        raise error
    monkeypatch.setattr(compute.driver, 'spawn', spawn)
    stored = _build(compute, context, inst)
    assert (stored.vm_state, stored.task_state, stored.host) == \
        ('error', None, None)
    assert stored.fault.message == 'Build of instance %s aborted: %s' % (
        inst.uuid, error.format_message())
    assert compute.reschedules.calls == []
    assert compute.network_api.deallocated == [inst.uuid]


def test_guest_ready_ends_the_create_timeline_after_active(
        compute, flavor, context, monkeypatch):
    watches = []
    monkeypatch.setattr(build.concurrency, 'spawn',
                        lambda func, *args: watches.append((func, args)))
    inst = fakes.instance(flavor, context)
    assert _build(compute, context, inst).vm_state == 'active'
    # ACTIVE did not wait for the guest: the watch runs on its own.
    [(watch, args)] = watches
    assert _spans(context, inst)[-1] == 'fake_spawn'
    asked = []

    def ready(instance, text, timeout):
        asked.append((instance.uuid, text, timeout))
        return timeutils.utcnow()
    monkeypatch.setattr(compute.driver, 'wait_for_guest_ready', ready)
    watch(*args)
    assert asked == [(inst.uuid, 'minova-guest ready', 300)]
    assert _spans(context, inst)[-1] == 'guest_ready'


def test_no_guest_ready_step_when_the_driver_cannot_tell(
        compute, flavor, context, conf, monkeypatch):
    watches = []
    monkeypatch.setattr(build.concurrency, 'spawn',
                        lambda func, *args: watches.append((func, args)))
    inst = fakes.instance(flavor, context)
    _build(compute, context, inst)
    [(watch, args)] = watches
    watch(*args)        # the fake driver: None at once
    assert 'guest_ready' not in _spans(context, inst)
    conf.config(guest_ready_timeout=0, group='timeline')
    _build(compute, context, fakes.instance(flavor, context))
    assert len(watches) == 1        # no watch at all
