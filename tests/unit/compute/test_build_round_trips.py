"""How many conductor calls one build costs (issue 15): the compute host's
objects go through a counting indirection API that runs the conductor's
own object_action/object_class_action_versions in this process, as a
conductor would over RPC (with the objects copied through their
primitives, as a message copies them)."""

import oslo_messaging as messaging
import pytest

from minova.compute import task_states
from minova.conductor import manager as conductor_manager
from minova import objects
from minova.objects import base as objects_base
from tests.unit.compute import fakes


class CountingConductor:
    """The indirection API of a compute host, served in this process."""

    def __init__(self):
        self.calls = []
        self.manager = conductor_manager.ConductorManager()

    def _locally(self, method, *args):
        api = objects_base.MinovaObject.indirection_api
        objects_base.MinovaObject.indirection_api = None
        try:
            return method(*args)
        except messaging.ExpectedException as error:
            raise error.exc_info[1]     # as the RPC client raises it
        finally:
            objects_base.MinovaObject.indirection_api = api

    def object_action(self, context, objinst, objmethod, args, kwargs):
        self.calls.append((objinst.obj_name(), objmethod, kwargs))
        copy = objinst.obj_from_primitive(objinst.obj_to_primitive(),
                                          context)
        return self._locally(self.manager.object_action, context, copy,
                             objmethod, args, kwargs)

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        self.calls.append((objname, objmethod, kwargs))
        return self._locally(self.manager.object_class_action_versions,
                             context, objname, objmethod, object_versions,
                             args, kwargs)


@pytest.fixture
def conductor(compute, monkeypatch):
    counting = CountingConductor()
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api',
                        counting)
    return counting


def _events(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id)
    return action, objects.InstanceActionEventList.get_by_action(
        context, action.id)


def test_a_build_costs_six_conductor_calls(compute, flavor, conductor):
    context = fakes.ctx()
    inst = fakes.instance(flavor, context)
    bdms = objects.BlockDeviceMappingList(objects=[])
    conductor.calls.clear()
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                          'host1', bdms)
    # (minova-network writes the info cache; here its fake, through us.)
    assert [(name, method) for name, method, _kw in conductor.calls
            if name != 'InstanceInfoCache'] == [
        ('Instance', 'save'),           # still building + event start
        ('InstanceList', 'get_placements'),     # the claim's check
        ('Instance', 'save'),           # host, node, networking
        ('Instance', 'save'),           # block_device_mapping
        ('Instance', 'save'),           # spawning
        ('Instance', 'save'),           # ACTIVE + spans + finishes
    ]
    saves = [kw for name, method, kw in conductor.calls
             if (name, method) == ('Instance', 'save')]
    assert [kw.get('expected_task_state') for kw in saves] == [
        [task_states.SCHEDULING, None], [None], [task_states.NETWORKING],
        [task_states.BLOCK_DEVICE_MAPPING], [task_states.SPAWNING]]
    objects_base.MinovaObject.indirection_api = None
    built = fakes.reload(inst)
    assert (built.vm_state, built.task_state) == ('active', None)
    action, events = _events(context, inst)
    assert action.finish_time is not None
    [event] = [e for e in events if e.span is None]
    assert (event.event, event.result, event.host) == (
        'compute__do_build_and_run_instance', 'Success', 'host1')
    assert event.start_time <= event.finish_time
    spans = [e.event for e in events if e.span is not None]
    assert spans[:2] == ['compute_take_build', 'compute_claim']
    assert 'compute_spawn' in spans


def test_a_delete_during_the_build_wins(compute, flavor, conductor,
                                        monkeypatch):
    """The user's delete lands while the guest spawns: the save to ACTIVE
    (and the records that go with it) is refused, the build stops and
    gives the guest back; its event is still finished, and the steps
    still written."""
    context = fakes.ctx()
    inst = fakes.instance(flavor, context)
    spawn = compute.driver.spawn

    def spawn_then_delete(*args, **kwargs):
        spawn(*args, **kwargs)
        api = objects_base.MinovaObject.indirection_api
        objects_base.MinovaObject.indirection_api = None
        try:
            other = fakes.reload(inst)
            other.task_state = task_states.DELETING
            other.save()
        finally:
            objects_base.MinovaObject.indirection_api = api
    monkeypatch.setattr(compute.driver, 'spawn', spawn_then_delete)
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                          'host1')
    objects_base.MinovaObject.indirection_api = None
    stored = fakes.reload(inst)
    assert stored.task_state == task_states.DELETING
    assert stored.vm_state == 'building'
    assert list(compute.driver.guests) == []
    action, events = _events(context, inst)
    assert action.finish_time is None
    [event] = [e for e in events if e.span is None]
    assert event.event == 'compute__do_build_and_run_instance'
    assert event.finish_time is not None
    # The build's steps are written all the same (after the refused save).
    assert 'compute_spawn' in [e.event for e in events if e.span]
