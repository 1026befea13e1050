"""minova.compute.manager: the RPC methods of a compute host over the fake
driver and real rows."""

import oslo_messaging as messaging
import pytest

from minova.compute import power_state
from minova import concurrency
from minova.db import api as db
from minova import exception
from minova import objects
from tests.unit.compute import fakes


@pytest.fixture
def active(compute, flavor, context):
    """A server built on host1 (its guest runs in the fake driver)."""
    inst = fakes.instance(flavor, context)
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                          'host1')
    inst = fakes.reload(inst)
    assert inst.vm_state == 'active'
    return inst


def _start_action(context, inst, action, task_state):
    inst.task_state = task_state
    inst.save()
    objects.InstanceAction.action_start(context, inst.uuid, action)


def _finished(context, inst):
    return objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id).finish_time is not None


def test_init_host_reports_the_node(compute):
    node = objects.ComputeNode.get_by_host_and_nodename(fakes.ctx(),
                                                        'host1', 'host1')
    assert node.hypervisor_type == 'fake'
    assert compute.driver.host == 'host1'


def test_stop_and_start(compute, active, context):
    _start_action(context, active, 'stop', 'powering-off')
    compute.stop_instance(context, active)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('stopped', None)
    assert stored.power_state == power_state.SHUTDOWN
    assert _finished(context, active)

    context = fakes.ctx()
    _start_action(context, stored, 'start', 'powering-on')
    compute.start_instance(context, stored)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.power_state == power_state.RUNNING
    assert _finished(context, active)


@pytest.mark.parametrize('reboot_type,task_state', [
    ('SOFT', 'rebooting'), ('HARD', 'rebooting_hard')])
def test_reboot(compute, active, context, reboot_type, task_state):
    _start_action(context, active, 'reboot', task_state)
    compute.reboot_instance(context, active, reboot_type)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert _finished(context, active)
    assert compute.driver.guests[active.uuid].console[-1].endswith(
        '%s reboot' % reboot_type.lower())


def test_hard_reboot_brings_a_stopped_server_back(compute, active, context):
    compute.driver.power_off(active)
    active.vm_state = 'stopped'
    _start_action(context, active, 'reboot', 'rebooting_hard')
    compute.reboot_instance(context, active, 'HARD')
    stored = fakes.reload(active)
    assert stored.vm_state == 'active'
    assert stored.power_state == power_state.RUNNING


def test_stop_with_a_missing_guest_records_a_fault(compute, active,
                                                   context):
    compute.driver.guests.clear()
    _start_action(context, active, 'stop', 'powering-off')
    with pytest.raises(exception.InstanceNotFound):
        compute.stop_instance(context, active)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.fault.code == 404
    action = objects.InstanceAction.get_by_request_id(
        context, active.uuid, context.request_id)
    [event] = [e for e in objects.InstanceActionEventList.get_by_action(
        context, action.id) if e.span is None]
    assert (event.event, event.result) == ('compute_stop_instance', 'Error')
    # The step that failed is on the timeline too.
    assert fakes.span_names(context, active) == ['compute_guest_power_off']


def test_stop_after_a_delete_does_not_overwrite_it(compute, active,
                                                   context):
    _start_action(context, active, 'stop', 'powering-off')
    db.instance_update(active.uuid, {'task_state': 'deleting'})
    compute.stop_instance(context, active)      # a stale request: no-op
    assert fakes.reload(active).task_state == 'deleting'
    assert compute.driver.get_info(active).state == power_state.RUNNING


def test_terminate(compute, active, context):
    _start_action(context, active, 'delete', 'deleting')
    compute.terminate_instance(context, active)
    assert compute.driver.guests == {}
    with pytest.raises(exception.InstanceNotFound):
        fakes.reload(active)
    row = db.instance_get_by_uuid(active.uuid, read_deleted='yes')
    assert row.vm_state == 'deleted' and row.terminated_at is not None
    assert _finished(context, active)


def test_terminate_of_an_already_deleted_row(compute, active, context):
    _start_action(context, active, 'delete', 'deleting')
    db.instance_destroy(active.uuid)
    compute.terminate_instance(context, active)
    assert compute.driver.guests == {}


@pytest.mark.parametrize('tail,expected', [
    # The log ends in a newline, which Nova counts as an empty last line:
    # length=N gives text that splits into exactly N pieces (tempest
    # checks len(output.split('\n')) == 10 for length=10).
    (None, [None, 'second line', 'third line', '']),
    (3, ['second line', 'third line', '']),
    (2, ['third line', '']),
    (1, ['']),
    (10, [None, 'second line', 'third line', '']),
])
def test_console_output_tail(compute, active, context, tail, expected):
    guest = compute.driver.guests[active.uuid]
    guest.log('second line')
    guest.log('third line')
    output = compute.get_console_output(context, active, tail)
    pieces = output.split('\n')
    assert len(pieces) == len(expected)
    for piece, want in zip(pieces, expected):
        assert want is None or piece.endswith(want)


def test_console_output_zero_lines(compute, active, context):
    assert compute.get_console_output(context, active, 0) == ''


def test_console_output_without_guest(compute, active, context):
    compute.driver.guests.clear()
    # Expected: it reaches the caller without a trace in compute's log.
    with pytest.raises(messaging.ExpectedException) as error:
        compute.get_console_output(context, active)
    assert isinstance(error.value.exc_info[1],
                      exception.ConsoleNotAvailable)


def test_sync_power_states(compute, active, flavor, context):
    stopped_guest = fakes.instance(flavor, context)
    compute.builder.build(context, stopped_guest, fakes.IMAGE, None, 'pw',
                          None, 'host1')
    busy = fakes.instance(flavor, context, vm_state='active',
                          task_state='rebooting', host='host1',
                          power_state=power_state.RUNNING)
    untouched = fakes.instance(flavor, context, vm_state='active',
                               task_state=None, host='host1',
                               power_state=power_state.RUNNING)
    compute.driver.spawn(context, untouched, fakes.IMAGE, [], None)
    del compute.driver.guests[active.uuid]          # vanished
    compute.driver.power_off(stopped_guest)         # shut down inside

    compute.sync_power_states(context)

    gone = fakes.reload(active)
    assert (gone.vm_state, gone.power_state) == ('stopped',
                                                 power_state.NOSTATE)
    off = fakes.reload(stopped_guest)
    assert (off.vm_state, off.power_state) == ('stopped',
                                               power_state.SHUTDOWN)
    assert fakes.reload(busy).vm_state == 'active'      # task running
    assert fakes.reload(untouched).vm_state == 'active'


def test_build_and_run_returns_before_the_build(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    compute.build_and_run_instance(context, inst, fakes.IMAGE, None,
                                   node='host1')
    assert fakes.reload(inst).vm_state == 'building'
    for _ in range(200):
        concurrency.sleep(0.01)
        if fakes.reload(inst).vm_state == 'active':
            break
    assert fakes.reload(inst).vm_state == 'active'


@pytest.fixture
def two_builds_at_once(conf, flavor, request):
    """A compute manager made while max_concurrent_builds is 2."""
    conf.config(max_concurrent_builds=2)
    conf.config(spawn_delay=0.05, group='fake_driver')
    return request.getfixturevalue('compute')


def test_max_concurrent_builds(two_builds_at_once, flavor, context,
                               monkeypatch):
    manager = two_builds_at_once
    running, peak = [], []
    real_spawn = manager.driver.spawn

    def counting_spawn(*args, **kwargs):
        running.append(1)
        peak.append(len(running))
        try:
            return real_spawn(*args, **kwargs)
        finally:
            running.pop()
    monkeypatch.setattr(manager.driver, 'spawn', counting_spawn)
    instances = [fakes.instance(flavor, context) for _ in range(5)]
    for inst in instances:
        manager.build_and_run_instance(context, inst, fakes.IMAGE, None,
                                       node='host1')
    for _ in range(500):
        concurrency.sleep(0.01)
        if len(manager.driver.guests) == 5:
            break
    assert len(manager.driver.guests) == 5
    assert max(peak) == 2 and len(peak) == 5


def test_update_available_resource_counts_instances(compute, active):
    compute.update_available_resource(fakes.ctx())
    node = objects.ComputeNode.get_by_host_and_nodename(fakes.ctx(),
                                                        'host1', 'host1')
    assert node.running_vms == 1
    assert node.vcpus_used == 1


def test_restart_fails_the_builds_it_interrupted(compute, flavor, context):
    interrupted = fakes.instance(flavor, context, task_state='spawning',
                                 host='host1')
    active = fakes.instance(flavor, context, vm_state='active',
                            task_state=None, host='host1')
    compute.init_host(context)
    stored = fakes.reload(interrupted)
    assert (stored.vm_state, stored.task_state, stored.host) == \
        ('error', None, None)
    assert 'interrupted by a restart of the compute service' in \
        stored.fault.message
    assert fakes.reload(active).vm_state == 'active'


def test_host_uptime(compute, context):
    line = compute.get_host_uptime(context)
    assert ' up ' in line and 'load average' in line


def test_inject_network_info_reaches_the_guest(compute, active, context):
    compute.inject_network_info(context, active)
    guest = compute.driver.guests[active.uuid]
    assert [vif['address'] for vif in guest.network_info] == \
        ['fa:16:3e:00:00:02']
    assert guest.console[-1].endswith('network info injected: 10.0.0.2')


def test_inject_network_info_without_guest_is_quiet(compute, active,
                                                    context):
    compute.driver.guests.clear()
    compute.inject_network_info(context, active)    # no exception
