"""minova.conductor.manager: the object indirection API (also end to end
over the fake transport) and build_instances with the scheduler and
compute clients replaced by recorders."""

import oslo_messaging as messaging
import pytest

from minova.conductor import manager as conductor_manager
from minova.conductor import rpcapi as conductor_rpcapi
from minova import exception
from minova import objects
from minova.objects import base as objects_base
from minova import rpc
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.compute import fakes
from tests.unit.test_notifications import sent  # noqa: F401 (fixture)


@pytest.fixture
def flavor(db):
    return fakes.flavor()


# -- object indirection -------------------------------------------------------

def test_object_class_action_versions(flavor, admin_ctx):
    inst = fakes.instance(flavor)
    found = conductor_manager.ConductorManager().object_class_action_versions(
        admin_ctx, 'Instance', 'get_by_uuid', {'Instance': '1.0'},
        (inst.uuid,), {'expected_attrs': ['fault']})
    assert isinstance(found, objects.Instance)
    assert found.uuid == inst.uuid and found.fault is None


def test_object_action_returns_changes_and_result(flavor, admin_ctx):
    inst = fakes.instance(flavor)
    inst.task_state = None
    inst.vm_state = 'active'
    updates, result = conductor_manager.ConductorManager().object_action(
        admin_ctx, inst, 'save', (), {'expected_task_state': 'scheduling'})
    assert result is None
    assert updates['obj_what_changed'] == set()
    assert 'updated_at' in updates      # save() sets it from the row
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('active', None)


def test_object_action_expected_errors(flavor, admin_ctx):
    inst = fakes.instance(flavor)
    inst.task_state = 'spawning'
    # Raised as "expected": the caller gets it, the conductor logs no trace.
    with pytest.raises(messaging.ExpectedException) as error:
        conductor_manager.ConductorManager().object_action(
            admin_ctx, inst, 'save', (), {'expected_task_state': 'nope'})
    assert isinstance(error.value.exc_info[1], exception.UnexpectedTaskState)


class InProcessConductor(conductor_manager.ConductorManager):
    """The conductor's half of a one-process test: while it serves a call
    (the caller waits meanwhile) its objects use the database, as they do
    in a real conductor, which has no indirection API."""

    def _locally(self, method, *args, **kwargs):
        api = objects_base.MinovaObject.indirection_api
        objects_base.MinovaObject.indirection_api = None
        try:
            return method(*args, **kwargs)
        finally:
            objects_base.MinovaObject.indirection_api = api

    def object_action(self, *args, **kwargs):
        return self._locally(super().object_action, *args, **kwargs)

    def object_class_action_versions(self, *args, **kwargs):
        return self._locally(super().object_class_action_versions, *args,
                             **kwargs)


@pytest.fixture
def conductor_over_rpc(db, monkeypatch, conf):
    """A conductor RPC server, and objects that go through it."""
    server = rpc.get_server(
        messaging.Target(topic='conductor', server='ctl'),
        [InProcessConductor()])
    server.start()
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api',
                        conductor_rpcapi.ConductorAPI())
    # A failing test fails fast (the client registered the option).
    conf.config(rpc_response_timeout=10)
    yield
    server.stop()
    server.wait()


def test_round_trips_over_rpc(flavor, conductor_over_rpc, admin_ctx):
    context = fakes.ctx()
    inst = objects.Instance(
        context, display_name='remote', flavor=flavor, vm_state='building',
        task_state='scheduling', project_id='proj1', user_id='alice',
        metadata={'a': 'b'}, system_metadata={}, tags=[])
    inst.create()                                    # object_action
    assert inst.obj_attr_is_set('id') and inst.uuid
    assert inst.obj_what_changed() == set()

    found = objects.Instance.get_by_uuid(context, inst.uuid)
    assert found.display_name == 'remote' and found.metadata == {'a': 'b'}
    assert found._context.request_id == context.request_id

    found.task_state = 'networking'
    found.save(expected_task_state=['scheduling'])
    assert found.obj_what_changed() == set()
    assert found.updated_at is not None
    with pytest.raises(exception.UnexpectedTaskState):
        found.save(expected_task_state=['spawning'])

    listed = objects.InstanceList.get_by_filters(context,
                                                 {'project_id': 'proj1'})
    assert [i.uuid for i in listed] == [inst.uuid]
    assert listed[0].task_state == 'networking'

    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(context, sf.IMAGE)
    # The same rows without the conductor: nothing was faked.
    objects_base.MinovaObject.indirection_api = None
    assert fakes.reload(inst).task_state == 'networking'


def test_error_and_its_fault_in_one_call_over_rpc(flavor, conductor_over_rpc,
                                                   monkeypatch):
    """A compute's ``fail`` is one conductor call: the save carries the
    fault, and a delete that came first wins over both."""
    from minova.compute import instance_state
    calls = []
    api = objects_base.MinovaObject.indirection_api
    real = api.object_action
    monkeypatch.setattr(api, 'object_action', lambda *a, **kw: (
        calls.append(a[2]), real(*a, **kw))[1])
    context = fakes.ctx()
    inst = objects.Instance(
        context, display_name='remote', flavor=flavor, vm_state='building',
        task_state='spawning', project_id='proj1', user_id='alice',
        metadata={}, system_metadata={}, tags=[])
    inst.create()
    del calls[:]
    instance_state.fail(context, inst, ValueError('boom'), 'host1')
    assert calls == ['save']
    objects_base.MinovaObject.indirection_api = None
    stored = fakes.reload(inst)
    assert stored.vm_state == 'error' and stored.fault.message == 'boom'
    assert stored.fault.host == 'host1'


# -- build_instances ----------------------------------------------------------

class Scheduler:
    def __init__(self, hosts=(), error=None):
        self.hosts = list(hosts)
        self.error = error
        self.specs = []

    def select_destinations(self, context, spec, uuids):
        self.specs.append((spec.obj_clone(), list(uuids)))
        if self.error:
            raise self.error
        return [{'host': h, 'nodename': h + '-node', 'limits': {}}
                for h in self.hosts[:len(uuids)]]


@pytest.fixture
def tasks(db):
    manager = conductor_manager.ComputeTaskManager()
    manager.compute_rpcapi.build_and_run_instance = sf.Recorder()
    return manager


def _spec(flavor, retry=None):
    return objects.RequestSpec(flavor=flavor, num_instances=1,
                               image_id=fakes.IMAGE['id'], retry=retry,
                               scheduler_hints={})


def test_build_sends_each_instance_to_its_host(tasks, flavor):
    context = fakes.ctx()
    instances = [fakes.instance(flavor, context) for _ in range(2)]
    tasks.scheduler_rpcapi = Scheduler(['h1', 'h2'])
    tasks.build_instances(context, instances, fakes.IMAGE, _spec(flavor),
                          admin_password='pw', requested_networks=[])
    spec, uuids = tasks.scheduler_rpcapi.specs[0]
    assert uuids == [i.uuid for i in instances]
    assert spec.retry.num_attempts == 1 and spec.retry.hosts == []
    calls = tasks.compute_rpcapi.build_and_run_instance.calls
    assert len(calls) == 2
    for (args, kwargs), inst, host in zip(calls, instances, ['h1', 'h2']):
        _ctx, sent_instance, dest, image, instance_spec = args
        assert sent_instance.uuid == inst.uuid and dest == host
        assert image == fakes.IMAGE
        assert instance_spec.instance_uuid == inst.uuid
        assert instance_spec.retry.hosts == [[host, host + '-node']]
        bdms = kwargs.pop('block_device_mapping')
        assert kwargs == {'admin_password': 'pw', 'requested_networks': [],
                          'node': host + '-node', 'limits': {}}
        # What the build needs comes with it: the instance's mappings.
        assert [b.instance_uuid for b in bdms] == [
            b.instance_uuid for b in
            objects.BlockDeviceMappingList.get_by_instance_uuid(
                context, inst.uuid)]
    # An action event records the scheduling step, successful.
    action = objects.InstanceAction.get_by_request_id(
        context, instances[0].uuid, context.request_id)
    events = objects.InstanceActionEventList.get_by_action(context,
                                                           action.id)
    [event] = [e for e in events if e.span is None]
    assert event.event == 'conductor_schedule_and_build_instances'
    assert event.result == 'Success'
    # The timeline's step of the conductor (the scheduler is a fake).
    assert [e.event for e in events if e.span is not None] == [
        'conductor_cast_to_compute']


def test_reschedule_appends_to_the_tried_hosts(tasks, flavor):
    context = fakes.ctx()
    inst = fakes.instance(flavor, context)
    retry = objects.SchedulerRetries(num_attempts=1,
                                     hosts=[['h1', 'h1-node']])
    tasks.scheduler_rpcapi = Scheduler(['h2'])
    tasks.build_instances(context, [inst], fakes.IMAGE,
                          _spec(flavor, retry))
    spec, _uuids = tasks.scheduler_rpcapi.specs[0]
    assert spec.retry.num_attempts == 2
    assert spec.retry.hosts == [['h1', 'h1-node']]
    [(args, _kwargs)] = tasks.compute_rpcapi.build_and_run_instance.calls
    assert args[4].retry.hosts == [['h1', 'h1-node'], ['h2', 'h2-node']]


def test_no_valid_host_sets_error_with_fault(tasks, flavor, sent):  # noqa
    context = fakes.ctx()
    instances = [fakes.instance(flavor, context, host='h9')
                 for _ in range(2)]
    tasks.scheduler_rpcapi = Scheduler(error=exception.NoValidHost(
        reason='There are not enough hosts available.'))
    tasks.build_instances(context, instances, fakes.IMAGE,
                          _spec(flavor))
    assert tasks.compute_rpcapi.build_and_run_instance.calls == []
    for inst in instances:
        stored = fakes.reload(inst)
        assert (stored.vm_state, stored.task_state, stored.host) == \
            ('error', None, None)
        assert stored.fault.code == 500
        assert stored.fault.message == ('No valid host was found. There '
                                        'are not enough hosts available.')
    assert [(m['event_type'], m['publisher_id'], priority)
            for _c, m, priority, _r in sent] == [
        ('instance.create.error', 'minova-conductor:testhost', 'ERROR')] * 2


def test_max_attempts_exceeded(tasks, flavor, conf):
    conf.config(max_attempts=2, group='scheduler')
    inst = fakes.instance(flavor)
    retry = objects.SchedulerRetries(num_attempts=2,
                                     hosts=[['h1', 'n1'], ['h2', 'n2']])
    tasks.scheduler_rpcapi = Scheduler(['h3'])
    tasks.build_instances(fakes.ctx(), [inst], fakes.IMAGE,
                          _spec(flavor, retry))
    assert tasks.scheduler_rpcapi.specs == []      # never asked
    assert tasks.compute_rpcapi.build_and_run_instance.calls == []
    stored = fakes.reload(inst)
    assert stored.vm_state == 'error'
    assert stored.fault.message.startswith(
        'Exceeded maximum number of retries.')


def test_instance_deleted_while_scheduling(tasks, flavor):
    inst = fakes.instance(flavor)
    inst.destroy()
    tasks.scheduler_rpcapi = Scheduler(error=exception.NoValidHost(
        reason='none'))
    tasks.build_instances(fakes.ctx(), [inst], fakes.IMAGE, _spec(flavor))
    faults = objects.Instance.get_by_uuid(
        fakes.ctx().elevated(read_deleted='yes'), inst.uuid,
        expected_attrs=['fault']).fault
    assert faults is None
