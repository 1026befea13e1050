"""Resize, cold migration and evacuation between two fake-driver compute
hosts, through the real conductor task, scheduler and compute RPC APIs
(oslo.messaging's fake transport): the state machine, the migration
record, the room each host counts, and what each host keeps."""

import time

import pytest

from minova.compute import move_api
from minova.compute import resource_tracker
from minova import exception
from minova import objects
from minova.timeline import spans
from tests.unit.api import fakes as api_fakes
from tests.unit.compute import fakes
from tests.unit.compute import moves_fakes
from tests.unit.compute.moves_fakes import wait_for, wait_for_migration


@pytest.fixture
def hosts(flavor, conf):
    two = moves_fakes.TwoHosts()
    yield two
    two.stop()


@pytest.fixture
def big(flavor):
    return fakes.flavor(flavorid='2', name='m1.small', memory_mb=1024,
                        vcpus=2, root_gb=2)


@pytest.fixture
def context():
    return fakes.ctx()


@pytest.fixture
def server(hosts, flavor, context):
    return hosts.boot(flavor, context)


def _actions(inst):
    """Oldest first (the list is newest first)."""
    return [a.action for a in reversed(objects.InstanceActionList.
            get_by_instance_uuid(api_fakes.admin_ctx(), inst.uuid))]


def _events(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        api_fakes.admin_ctx(), inst.uuid, context.request_id)
    return [(e.event, e.result) for e in objects.InstanceActionEventList.
            get_by_action(api_fakes.admin_ctx(), action.id)
            if e.span is None]


def _room(host):
    """(instance placements, move placements) counted on ``host``."""
    placements = objects.InstanceList.placements(api_fakes.admin_ctx(),
                                                 host)
    return ([p.usage.memory_mb for p in placements if not p.move],
            [p.usage.memory_mb for p in placements if p.move])


def _resized(hosts, server, big, context):
    move_api.MoveAPI().resize(context, server, big.flavorid)
    return wait_for(server, 'resized')


# -- resize ------------------------------------------------------------------

def test_resize_moves_the_guest_and_waits_for_confirm(hosts, server, big,
                                                      context):
    hosts.guests('host1')[server.uuid].log('written before the resize')
    resized = _resized(hosts, server, big, context)

    assert (resized.host, resized.node) == ('host2', 'host2')
    assert resized.flavor.flavorid == '2'
    assert (resized.memory_mb, resized.vcpus) == (1024, 2)
    assert resized.system_metadata['old_vm_state'] == 'active'
    guest = hosts.guests('host2')[server.uuid]
    assert 'written before the resize' in '\n'.join(guest.console)
    assert server.uuid not in hosts.guests('host1')
    assert server.uuid in hosts.kept('host1')
    # The migration is 'finished' before the instance shows
    # VERIFY_RESIZE: a client may confirm the moment it sees it.
    [migration] = moves_fakes.migrations(server)
    assert migration.status == 'finished'
    assert migration.migration_type == 'resize'
    assert (migration.source_compute, migration.dest_compute) == (
        'host1', 'host2')
    assert (migration.old_instance_type_id,
            migration.new_instance_type_id) == (server.flavor.id, big.id)
    # The new flavor runs on host2, the old disk still holds host1.
    assert _room('host2') == ([1024], [])
    assert _room('host1') == ([], [512])
    assert _events(context, server) == [
        ('conductor_migrate_server', 'Success'),
        ('compute_prep_resize', 'Success'),
        ('compute_resize_instance', 'Success'),
        ('compute_finish_resize', 'Success')]


def test_the_migration_is_finished_before_the_server_shows_resized(
        hosts, server, big, context, monkeypatch):
    """A client that sees VERIFY_RESIZE may confirm at once; the confirm
    looks for the 'finished' migration (it answered 400 "Instance has not
    been resized" in between)."""
    from minova.compute import resize
    seen = []
    finish_move = resize.instance_state.finish_move

    def recording(context, instance, *args, **kwargs):
        seen.append(moves_fakes.migrations(instance)[0].status)
        return finish_move(context, instance, *args, **kwargs)
    monkeypatch.setattr(resize.instance_state, 'finish_move', recording)
    _resized(hosts, server, big, context)
    assert seen == ['finished']


def test_confirm_frees_the_source(hosts, server, big, context):
    _resized(hosts, server, big, context)
    confirm = fakes.ctx()
    move_api.MoveAPI().confirm_resize(confirm, fakes.reload(server))
    wait_for_migration(server, 'confirmed')
    confirmed = wait_for(server, 'active')

    assert 'old_vm_state' not in confirmed.system_metadata
    assert hosts.kept('host1') == {}
    assert _room('host1') == ([], [])
    assert _room('host2') == ([1024], [])
    assert _actions(server) == ['create', 'resize', 'confirmResize']


def test_revert_brings_the_guest_back_with_its_disk(hosts, server, big,
                                                    context):
    hosts.guests('host1')[server.uuid].log('marker on the old disk')
    _resized(hosts, server, big, context)
    move_api.MoveAPI().revert_resize(fakes.ctx(), fakes.reload(server))
    reverted = wait_for(server, 'active')
    wait_for_migration(server, 'reverted')

    assert (reverted.host, reverted.flavor.flavorid) == ('host1', '1')
    assert (reverted.memory_mb, reverted.vcpus) == (512, 1)
    assert 'marker on the old disk' in '\n'.join(
        hosts.guests('host1')[server.uuid].console)
    assert hosts.guests('host2') == {} and hosts.kept('host1') == {}
    assert _room('host1') == ([512], []) and _room('host2') == ([], [])
    assert _actions(server) == ['create', 'resize', 'revertResize']


def test_a_stopped_server_is_resized_stopped(hosts, server, big, context):
    server.vm_state = 'stopped'
    server.save()
    hosts.computes['host1'].driver.power_off(server)
    _resized(hosts, server, big, context)
    move_api.MoveAPI().confirm_resize(fakes.ctx(), fakes.reload(server))
    assert wait_for(server, 'stopped').host == 'host2'


def test_cold_migrate_keeps_the_flavor(hosts, server, context):
    move_api.MoveAPI().resize(context, server)
    migrated = wait_for(server, 'resized')
    assert (migrated.host, migrated.flavor.flavorid) == ('host2', '1')
    assert moves_fakes.migrations(server)[0].migration_type == 'migration'
    assert _actions(server) == ['create', 'migrate']


def test_auto_confirm_after_the_window(hosts, server, big, context, conf):
    conf.config(resize_confirm_window=1)
    _resized(hosts, server, big, context)
    hosts.computes['host2'].confirm_finished_resizes(fakes.ctx())
    moves_fakes.wait_for_migration(server, 'finished')
    time.sleep(1.1)
    hosts.computes['host2'].confirm_finished_resizes(fakes.ctx())
    wait_for_migration(server, 'confirmed')
    assert wait_for(server, 'active').host == 'host2'


def test_delete_in_verify_resize_frees_both_hosts(hosts, server, big,
                                                  context, monkeypatch):
    from minova.compute import api as compute_api
    monkeypatch.setattr(compute_api.API, '_host_is_up',
                        lambda self, context, host: True)
    resized = _resized(hosts, server, big, context)
    compute_api.API(image_api=object()).delete(fakes.ctx(), resized)
    wait_for_migration(server, 'confirmed')
    deadline = time.monotonic() + 10
    while hosts.guests('host2') and time.monotonic() < deadline:
        time.sleep(0.02)
    assert hosts.guests('host2') == {} and hosts.kept('host1') == {}
    assert _room('host1') == ([], []) and _room('host2') == ([], [])


# -- what the API refuses ----------------------------------------------------

def test_no_other_host_is_no_valid_host(hosts, server, big, context):
    api_fakes.mark_down(hosts.services['host2'])
    with pytest.raises(exception.NoValidHostForMove):
        move_api.MoveAPI().resize(context, server, big.flavorid)
    stored = fakes.reload(server)
    assert (stored.vm_state, stored.task_state, stored.host) == (
        'active', None, 'host1')
    assert stored.fault is not None
    moves_fakes.wait_for_migration(server, 'error')
    assert _room('host2') == ([], [])


def test_same_host_allowed_by_config(hosts, server, big, context, conf):
    api_fakes.mark_down(hosts.services['host2'])
    conf.config(allow_resize_to_same_host=True)
    move_api.MoveAPI().resize(context, server, big.flavorid)
    resized = wait_for(server, 'resized')
    assert resized.host == 'host1'
    # Both flavors held on the one host until confirm.
    assert _room('host1') == ([1024], [512])


def test_quota_refuses_a_too_large_resize(hosts, server, context, conf):
    conf.config(ram=600, group='quota')
    huge = fakes.flavor(flavorid='3', name='m1.huge', memory_mb=2048,
                        root_gb=1)
    with pytest.raises(exception.TooManyInstances) as error:
        move_api.MoveAPI().resize(context, server, huge.flavorid)
    assert 'Quota exceeded for ram' in error.value.format_message()
    stored = fakes.reload(server)
    assert (stored.task_state, stored.host) == (None, 'host1')
    assert moves_fakes.migrations(server) == []


@pytest.mark.parametrize('kwargs,error', [
    ({'flavorid': '1'}, exception.CannotResizeToSameFlavor),
    ({'flavorid': '9'}, exception.ResizeFlavorNotFound),
])
def test_flavor_refusals(hosts, server, context, kwargs, error):
    with pytest.raises(error):
        move_api.MoveAPI().resize(context, server, kwargs['flavorid'])
    assert fakes.reload(server).task_state is None


def test_no_smaller_disk_and_no_private_flavor(hosts, server, context):
    fakes.flavor(flavorid='4', name='zero', root_gb=0)
    fakes.flavor(flavorid='5', name='private', root_gb=5, is_public=False)
    with pytest.raises(exception.CannotResizeDisk):
        move_api.MoveAPI().resize(context, server, '4')
    with pytest.raises(exception.ResizeFlavorNotFound):
        move_api.MoveAPI().resize(context, server, '5')


def test_state_checks(hosts, server, big, context):
    api = move_api.MoveAPI()
    with pytest.raises(exception.InstanceInvalidState) as error:
        api.confirm_resize(context, server)
    assert error.value.format_message() == (
        "Cannot 'confirmResize' instance %s while it is in vm_state "
        "active" % server.uuid)
    with pytest.raises(exception.InstanceInvalidState):
        api.revert_resize(context, server)
    resized = _resized(hosts, server, big, context)
    with pytest.raises(exception.InstanceInvalidState):
        api.resize(context, resized, '1')


def test_a_failed_claim_puts_the_server_back(hosts, server, big, context,
                                             monkeypatch):
    def no_room(self, *args, **kwargs):
        raise exception.ComputeResourcesUnavailable(reason='test: full')
    monkeypatch.setattr(resource_tracker.ResourceTracker, 'move_claim',
                        no_room)
    move_api.MoveAPI().resize(context, server, big.flavorid)
    wait_for_migration(server, 'error')
    wait_for(server, 'active')
    stored = moves_fakes.wait_for_fault(server)
    assert (stored.vm_state, stored.host) == ('active', 'host1')
    assert server.uuid in hosts.guests('host1')


# -- evacuate ----------------------------------------------------------------

def test_evacuate_refused_while_the_host_is_up(hosts, server, context):
    with pytest.raises(exception.ComputeServiceInUse):
        move_api.MoveAPI().evacuate(api_fakes.admin_ctx(), server)


def test_evacuate_and_the_old_host_cleans_up_when_back(hosts, server):
    api_fakes.mark_down(hosts.services['host1'])
    old_driver = hosts.computes['host1'].driver
    move_api.MoveAPI().evacuate(api_fakes.admin_ctx(), server,
                                admin_password='pw')
    evacuated = wait_for(server, 'active')
    assert evacuated.host == 'host2'
    assert server.uuid in hosts.guests('host2')
    migration = wait_for_migration(server, 'done')
    assert (migration.migration_type, migration.source_compute,
            migration.dest_compute) == ('evacuation', 'host1', 'host2')
    assert _actions(server) == ['create', 'evacuate']
    # host1 comes back with its old guest still defined: init_host
    # removes it and completes the migration.
    assert server.uuid in old_driver.guests
    hosts.computes['host1'].init_host(fakes.ctx())
    assert old_driver.guests == {}
    moves_fakes.wait_for_migration(server, 'completed')
    assert _room('host1') == ([], []) and _room('host2') == ([512], [])


def test_evacuate_without_a_host_goes_back(hosts, server):
    for host in ('host1', 'host2'):
        api_fakes.mark_down(hosts.services[host])
    move_api.MoveAPI().evacuate(api_fakes.admin_ctx(), server)
    wait_for_migration(server, 'error')
    wait_for(server, 'active')
    stored = moves_fakes.wait_for_fault(server)
    assert (stored.vm_state, stored.host) == ('active', 'host1')


def test_evacuate_to_the_same_or_an_unknown_host(hosts, server):
    api_fakes.mark_down(hosts.services['host1'])
    with pytest.raises(exception.EvacuateToSameHost):
        move_api.MoveAPI().evacuate(api_fakes.admin_ctx(), server,
                                    host='host1')
    with pytest.raises(exception.ComputeHostNotFound):
        move_api.MoveAPI().evacuate(api_fakes.admin_ctx(), server,
                                    host='nowhere')


@pytest.mark.parametrize('task_state,vm_state', [
    ('resize_prep', 'active'), ('resize_migrating', 'error'),
    ('resize_reverting', 'error')])
def test_a_restart_ends_an_interrupted_move(hosts, server, task_state,
                                            vm_state):
    migration = objects.Migration(
        api_fakes.admin_ctx(), instance_uuid=server.uuid,
        source_compute='host1', dest_compute='host2', status='migrating',
        migration_type='resize')
    migration.create()
    server.task_state = task_state
    server.save()
    hosts.computes['host1'].init_host(fakes.ctx())
    stored = moves_fakes.wait_for_fault(server)
    assert (stored.vm_state, stored.task_state) == (vm_state, None)
    assert 'restarted during the move' in stored.fault.message
    moves_fakes.wait_for_migration(server, 'error')


def test_a_deleted_instance_holds_no_room_for_its_move(hosts, server):
    objects.Migration(api_fakes.admin_ctx(), instance_uuid=server.uuid,
                      source_compute='host1', dest_compute='host2',
                      dest_node='host2', status='migrating',
                      new_flavor=server.flavor).create()
    assert _room('host2') == ([], [512])
    fakes.reload(server).destroy()
    assert _room('host2') == ([], [])


# -- the timelines of the moves ----------------------------------------------

def _steps(context, server, expected, timeout=10):
    """The action's steps once ``expected`` are all written (the source
    writes its own after its cast to the destination)."""
    deadline = time.monotonic() + timeout
    while True:
        steps = fakes.span_names(api_fakes.admin_ctx(), server,
                                 context.request_id)
        if len(steps) >= len(expected) or time.monotonic() > deadline:
            return steps
        time.sleep(0.02)


RESIZE_STEPS = [
    'api_accept', 'api_call_to_conductor',
    'scheduler_select_destinations', 'conductor_cast_to_compute',
    'compute_move_claim', 'compute_cast_to_source',
    'compute_guest_power_off_and_disk', 'compute_cast_to_destination',
    'compute_guest_finish_migration']


def test_resize_timeline_across_conductor_scheduler_and_both_hosts(
        hosts, server, big, context, monkeypatch):
    # The scheduler writes its step from a green thread after its reply;
    # these services run in native threads, where none would run.
    monkeypatch.setattr(spans, 'flush_after_reply', spans.flush)
    _resized(hosts, server, big, context)
    assert _steps(context, server, RESIZE_STEPS) == RESIZE_STEPS


def test_confirm_timeline(hosts, server, big, context):
    _resized(hosts, server, big, context)
    confirm = fakes.ctx()
    move_api.MoveAPI().confirm_resize(confirm, fakes.reload(server))
    wait_for(server, 'active')
    expected = ['api_accept', 'api_cast_to_compute',
                'compute_guest_drop_source']
    assert _steps(confirm, server, expected) == expected


def test_revert_timeline(hosts, server, big, context):
    _resized(hosts, server, big, context)
    revert = fakes.ctx()
    move_api.MoveAPI().revert_resize(revert, fakes.reload(server))
    wait_for(server, 'active')
    expected = ['api_accept', 'api_cast_to_compute', 'compute_guest_destroy',
                'compute_cast_to_source', 'compute_guest_finish_revert']
    assert _steps(revert, server, expected) == expected
