"""minova.compute.recovery: a compute host that starts again brings each
of its instances out of the task state it left it in (the on_restart
column of compute/task_rules.py). The fake driver's guests outlive the
"restart": they are what the hypervisor kept running."""

import pytest

from minova.compute import power_state
from minova.compute import task_rules
from minova.db import api as db
from minova import objects
from tests.unit.compute import fakes


@pytest.fixture
def active(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                          'host1')
    return fakes.reload(inst)


def _interrupt(inst, task_state, **values):
    """The compute died with ``inst`` in ``task_state``."""
    db.instance_update(inst.uuid, dict(task_state=task_state, **values))
    return fakes.reload(inst)


def _actions(inst):
    return [a.action for a in objects.InstanceActionList.get_by_instance_uuid(
        fakes.ctx(), inst.uuid)]


def test_every_task_state_has_a_rule():
    from minova.compute import task_states
    states = [v for k, v in vars(task_states).items()
              if k.isupper() and isinstance(v, str)]
    assert set(states) <= set(task_rules.RULES)


def test_deleting_is_finished(compute, active, context):
    _interrupt(active, 'deleting')
    compute.init_host(context)
    row = db.instance_get_by_uuid(active.uuid, read_deleted='yes')
    assert (row.vm_state, row.deleted != 0, row.cleaned) == ('deleted',
                                                             True, 1)
    assert active.uuid not in compute.driver.guests
    assert compute.network_api.deallocated == [active.uuid]
    assert _actions(active)[0] == 'delete'


def test_hard_reboot_of_a_guest_left_off_is_done_again(compute, active,
                                                       context):
    compute.driver.power_off(active)     # killed after pulling the plug
    _interrupt(active, 'rebooting_hard')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state, stored.power_state) == \
        ('active', None, power_state.RUNNING)
    assert compute.driver.guests[active.uuid].console[-1].endswith(
        'hard reboot')
    assert stored.fault is None
    assert _actions(active)[0] == 'reboot'


def test_a_reboot_whose_guest_runs_is_settled(compute, active, context):
    _interrupt(active, 'rebooting')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert 'settled as active' in stored.fault.message
    assert not compute.driver.guests[active.uuid].console[-1].endswith(
        'reboot')


@pytest.mark.parametrize('task_state,guest_off,vm_state', [
    ('powering-off', True, 'stopped'),
    ('powering-off', False, 'active'),
    ('powering-on', False, 'active'),
    ('powering-on', True, 'stopped'),
    ('image_snapshot', False, 'active'),     # a state without a rule
])
def test_power_changes_settle_to_the_real_power_state(
        compute, active, context, task_state, guest_off, vm_state):
    if guest_off:
        compute.driver.power_off(active)
    _interrupt(active, task_state,
               vm_state='stopped' if task_state == 'powering-on'
               else 'active')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == (vm_state, None)
    assert stored.fault.message.startswith(
        'Task %s was interrupted by a restart of the compute service on '
        'host1: settled as %s' % (task_state, vm_state))


def test_a_queued_build_failed_at_start_never_runs(compute, flavor,
                                                   context):
    queued = fakes.instance(flavor, context, host='host1')
    compute.init_host(context)
    assert fakes.reload(queued).vm_state == 'error'
    # The build message that waited in the queue arrives now.
    compute.builder.build(context, queued, fakes.IMAGE, None, 'pw', None,
                          'host1')
    stored = fakes.reload(queued)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert queued.uuid not in compute.driver.guests
    assert compute.network_api.allocated == []


def test_an_interrupted_build_gives_back_its_guest_and_network(
        compute, active, flavor, context):
    _interrupt(active, 'spawning', vm_state='building')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.host) == ('error', None)
    assert active.uuid not in compute.driver.guests
    assert active.uuid in compute.network_api.deallocated


def test_one_failure_does_not_stop_the_others(compute, active, flavor,
                                              context, monkeypatch):
    broken = fakes.instance(flavor, context, vm_state='active',
                            task_state='powering-off', host='host1')
    _interrupt(active, 'powering-off')
    real = compute.driver.get_info

    def get_info(instance):
        if instance.uuid == broken.uuid:
            raise RuntimeError('hypervisor hiccup')
        return real(instance)
    monkeypatch.setattr(compute.driver, 'get_info', get_info)
    compute.init_host(context)
    assert fakes.reload(broken).task_state == 'powering-off'
    assert fakes.reload(active).task_state is None


def test_other_hosts_instances_are_not_touched(compute, flavor, context):
    other = fakes.instance(flavor, context, vm_state='active',
                           task_state='deleting', host='host2')
    compute.init_host(context)
    assert fakes.reload(other).task_state == 'deleting'


def test_start_of_a_server_whose_guest_vanished(compute, active, context):
    compute.driver.power_off(active)
    stopped = _interrupt(active, None, vm_state='stopped')
    del compute.driver.guests[active.uuid]      # undefined behind our back
    stopped.task_state = 'powering-on'
    stopped.save()
    objects.InstanceAction.action_start(context, active.uuid, 'start')
    compute.start_instance(context, stopped)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.power_state) == ('active',
                                                     power_state.RUNNING)


def test_a_request_queued_before_the_restart_does_nothing(compute, active,
                                                          context):
    queued = _interrupt(active, 'powering-off')
    objects.InstanceAction.action_start(context, active.uuid, 'stop')
    compute.init_host(context)          # settles it: the guest runs
    assert fakes.reload(active).vm_state == 'active'
    compute.stop_instance(context, queued)      # the message arrives now
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.power_state) == ('active',
                                                     power_state.RUNNING)
    assert compute.driver.guests[active.uuid].state == power_state.RUNNING


# -- the lifecycle task states (Nova's _init_instance) ----------------------

@pytest.fixture
def images(compute):
    from tests.unit.compute import image_fakes
    image_api = image_fakes.FakeImageAPI()
    compute.snapshotter.image_api = image_api
    return image_api


@pytest.mark.parametrize('task_state', ['image_snapshot', 'image_uploading',
                                        'shelving',
                                        'shelving_image_uploading'])
def test_an_interrupted_snapshot_is_settled_and_its_image_deleted(
        compute, active, context, images, task_state):
    queued = images.create(context, {'name': 'snap', 'properties': {
        'instance_uuid': active.uuid}})
    done = images.create(context, {'name': 'old', 'properties': {
        'instance_uuid': active.uuid}})
    images.images[done['id']]['status'] = 'active'
    stale = _interrupt(active, task_state)
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert set(images.images) - {fakes.IMAGE['id']} == {done['id']}
    # The message that waited in the queue does nothing.
    compute.snapshot_instance(context, stale, queued['id'])
    assert fakes.reload(active).task_state is None


def test_an_interrupted_rebuild_is_error_and_its_message_ignored(
        compute, active, context):
    stale = _interrupt(active, 'rebuilding')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert 'rebuilding was interrupted' in stored.fault.message
    console = list(compute.driver.guests[active.uuid].console)
    compute.rebuild_instance(context, stale, fakes.IMAGE, 'pw')
    assert compute.driver.guests[active.uuid].console == console


def test_an_interrupted_unrescue_stays_rescued(compute, active, context):
    _interrupt(active, 'unrescuing', vm_state='rescued')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('rescued', None)


def test_a_queued_rescue_after_the_restart_does_nothing(compute, active,
                                                        context):
    stale = _interrupt(active, 'rescuing')
    compute.init_host(context)
    assert fakes.reload(active).vm_state == 'active'
    compute.rescue_instance(context, stale, 'pw')
    assert compute.driver.guests[active.uuid].rescued_with is None
    assert fakes.reload(active).vm_state == 'active'


def test_an_interrupted_unshelve_spawn_is_offloaded_again(
        compute, active, context):
    _interrupt(active, 'spawning', vm_state='shelved_offloaded')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state, stored.host) == (
        'shelved_offloaded', None, None)
    assert active.uuid not in compute.driver.guests
    assert 'offloaded again' in stored.fault.message


def test_an_interrupted_unshelve_of_a_shelved_guest_stays_shelved(
        compute, active, context):
    compute.driver.power_off(active)
    _interrupt(active, 'unshelving', vm_state='shelved')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('shelved', None)


def test_an_interrupted_offload_is_finished(compute, active, context):
    _interrupt(active, 'shelving_offloading', vm_state='shelved')
    compute.init_host(context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state, stored.host) == (
        'shelved_offloaded', None, None)
    assert active.uuid not in compute.driver.guests
