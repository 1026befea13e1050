"""The networking step of a build (task_state ``networking``): a call to
minova-network whose network info reaches the driver, whose failure ends
the build with a fault, and whose addresses are given back whenever the
build does not finish here, and on delete."""

from minova.compute import task_states
from minova import context as minova_context
from minova import exception
from minova import objects
from tests.unit.compute import fakes
from tests.unit.network import fakes as network_fakes


def _build(compute, context, inst, requested_networks=None):
    from tests.unit.compute.test_build import _spec
    compute.builder.build(context, inst, fakes.IMAGE, _spec(inst), 'pw',
                          requested_networks, 'host1')
    return fakes.reload(inst)


def test_network_info_reaches_spawn(compute, flavor, context, monkeypatch):
    inst = fakes.instance(flavor, context)
    seen = {}
    real_spawn = compute.driver.spawn

    def spawn(ctx, instance, image, files, password, network_info=None,
              block_device_info=None):
        seen['network_info'] = network_info
        seen['task_state'] = instance.task_state
        return real_spawn(ctx, instance, image, files, password,
                          network_info, block_device_info)
    monkeypatch.setattr(compute.driver, 'spawn', spawn)
    requested = [{'uuid': network_fakes.NETWORK_UUID, 'fixed_ip': None}]
    assert _build(compute, context, inst, requested).vm_state == 'active'
    assert compute.network_api.allocated == [(inst.uuid, requested)]
    assert seen == {'network_info': [network_fakes.vif()],
                    'task_state': task_states.SPAWNING}
    assert compute.network_api.deallocated == []


def test_networks_none_asks_for_nothing(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    assert _build(compute, context, inst, []).vm_state == 'active'
    assert compute.network_api.allocated == []


def test_allocation_failure_is_an_error_not_a_reschedule(compute, flavor,
                                                         context):
    compute.network_api.fail_with = network_fakes.no_more_ips()
    inst = fakes.instance(flavor, context)
    stored = _build(compute, context, inst)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert stored.fault.message == (
        'Build of instance %s aborted: Failed to allocate the network(s), '
        'not rescheduling: No fixed IP addresses available for network: '
        'private' % inst.uuid)
    assert compute.reschedules.calls == []
    assert compute.driver.guests == {}
    # Whatever it took is given back.
    assert compute.network_api.deallocated == [inst.uuid]


def test_reschedule_gives_the_addresses_back_first(compute, flavor,
                                                   context, conf):
    conf.config(fail_all_spawns=True, group='fake_driver')
    inst = fakes.instance(flavor, context)
    _build(compute, context, inst)
    assert compute.network_api.deallocated == [inst.uuid]
    assert len(compute.reschedules.calls) == 1


def test_delete_frees_the_addresses(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    built = _build(compute, context, inst)
    built.task_state = 'deleting'
    built.save()
    compute.terminate_instance(context, built)
    assert compute.network_api.deallocated == [inst.uuid]


def test_delete_goes_on_when_the_network_service_fails(compute, flavor,
                                                       context):
    inst = fakes.instance(flavor, context)
    built = _build(compute, context, inst)

    def broken(context, instance):
        raise exception.ServiceUnavailable(reason='no minova-network')
    compute.network_api.deallocate_for_instance = broken
    compute.terminate_instance(context, built)
    assert compute.driver.guests == {}
    gone = objects.Instance.get_by_uuid(
        minova_context.get_admin_context(read_deleted='yes'), inst.uuid)
    assert gone.vm_state == 'deleted'


def test_delete_without_interfaces_does_not_call_the_network(
        compute, flavor, context):
    inst = fakes.instance(flavor, context)
    built = _build(compute, context, inst, requested_networks=[])
    assert compute.network_api.allocated == []
    built.task_state = 'deleting'
    built.save()
    compute.terminate_instance(context, built)
    assert compute.network_api.deallocated == []
