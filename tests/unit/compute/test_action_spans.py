"""The timeline of each server action other than create: the API's steps
(accepted, the message sent) and the compute host's (the guest's own
steps), in order, on the action of the request. Casts go from the API to
a compute host (the fake driver) with a copy of the request context, as
RPC delivers it; moves between hosts are in test_server_moves.py."""

import pytest

from minova.compute import api as compute_api
from minova.conductor import manager as conductor_manager
from minova import context as minova_context
from tests.unit.compute import fakes
from tests.unit.compute import image_fakes

API = ['api_accept', 'api_cast_to_compute']


def _delivered(context):
    """The context as the receiving service rebuilds it from the
    message (no steps of the sender's on it)."""
    return minova_context.RequestContext.from_dict(context.to_dict())


class _ToCompute:
    """compute/rpcapi.py's casts, run at once on ``compute``."""

    def __init__(self, compute):
        self.compute = compute

    def __getattr__(self, method):
        def cast(context, instance, *args, **kwargs):
            if method == 'unshelve_instance':
                args = args[1:]     # the host the conductor chose
            getattr(self.compute, method)(_delivered(context),
                                          fakes.reload(instance), *args,
                                          **kwargs)
        return cast


@pytest.fixture
def api(compute, monkeypatch):
    images = image_fakes.FakeImageAPI()
    compute.driver.image_api = images
    for unit in (compute.snapshotter, compute.rescuer):
        unit.image_api = images
    api = compute_api.API(image_api=images)
    api.compute_rpcapi = _ToCompute(compute)
    conductor = conductor_manager.ComputeTaskManager()
    conductor.compute_rpcapi = api.compute_rpcapi
    conductor.image_api = images
    monkeypatch.setattr(
        api.compute_task_api, 'unshelve_instance',
        lambda context, instance: conductor.unshelve_instance(
            _delivered(context), fakes.reload(instance)))
    return api


@pytest.fixture
def active(compute, flavor):
    build = fakes.ctx()
    inst = fakes.instance(flavor, build)
    compute.builder.build(build, inst, fakes.IMAGE, None, 'pw', None,
                          'host1')
    inst = fakes.reload(inst)
    assert inst.vm_state == 'active'
    return inst


def _act(api, inst, method, *args):
    """``method`` of the API in a request of its own; its context."""
    context = fakes.ctx()
    getattr(api, method)(context, fakes.reload(inst), *args)
    return context


def test_soft_reboot(api, active):
    context = _act(api, active, 'reboot', 'SOFT')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_reboot']
    assert fakes.reload(active).task_state is None


def test_hard_reboot(api, active):
    context = _act(api, active, 'reboot', 'HARD')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_reboot']


def test_stop_then_start(api, active):
    context = _act(api, active, 'stop')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_power_off']
    assert fakes.reload(active).vm_state == 'stopped'
    context = _act(api, active, 'start')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_power_on']


def test_delete(api, active, compute, monkeypatch):
    monkeypatch.setattr(api, '_host_is_up', lambda context, host: True)
    context = _act(api, active, 'delete')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_destroy', 'compute_network_deallocate',
        'compute_instance_destroyed']
    assert compute.driver.guests == {}


def test_delete_where_no_host_runs_it(api, active):
    context = _act(api, active, 'delete')
    assert fakes.span_names(context, active) == [
        'api_accept', 'api_local_delete']


def test_rebuild(api, active):
    context = _act(api, active, 'rebuild', fakes.IMAGE['id'], 'pw')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_destroy', 'compute_block_devices', 'compute_spawn',
        'fake_spawn']


def test_snapshot(api, active):
    context = _act(api, active, 'snapshot', 'snap')
    assert fakes.span_names(context, active) == API + ['compute_snapshot']


def test_shelve_then_unshelve(api, active, conf):
    conf.config(shelved_offload_time=0)
    context = _act(api, active, 'shelve')
    assert fakes.span_names(context, active) == API + [
        'compute_guest_power_off', 'compute_snapshot',
        'compute_guest_destroy']
    assert fakes.reload(active).vm_state == 'shelved_offloaded'


def test_unshelve_of_a_shelved_server(api, active, conf):
    conf.config(shelved_offload_time=-1)
    _act(api, active, 'shelve')
    assert fakes.reload(active).vm_state == 'shelved'
    context = _act(api, active, 'unshelve')
    assert fakes.span_names(context, active) == [
        'api_accept', 'api_cast_to_conductor', 'conductor_cast_to_compute',
        'compute_guest_power_on']
    assert fakes.reload(active).vm_state == 'active'


def test_pause_records_the_guests_step(api, active):
    context = _act(api, active, 'pause')
    assert fakes.span_names(context, active) == API + ['compute_guest_pause']


def test_a_failed_step_is_on_the_timeline_as_an_error(api, active,
                                                      compute):
    compute.driver.guests.clear()
    context = fakes.ctx()
    with pytest.raises(Exception):
        api.stop(context, fakes.reload(active))
    assert fakes.span_names(context, active) == API + [
        'compute_guest_power_off']
