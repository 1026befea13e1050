"""minova.objects.instance_action and instance_fault: the history of a
server and why it failed."""

import pytest

from minova import exception
from minova import objects
from minova.objects import instance_action
from tests.unit.compute import fakes


@pytest.fixture
def inst(flavor):
    return fakes.instance(flavor, vm_state='active', task_state=None)


def _events(context, inst):
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, context.request_id)
    return action, objects.InstanceActionEventList.get_by_action(
        context, action.id)


def test_action_start_and_finish(inst):
    context = fakes.ctx()
    started = objects.InstanceAction.action_start(context, inst.uuid,
                                                  'stop')
    assert (started.action, started.request_id, started.user_id,
            started.project_id) == ('stop', context.request_id, 'alice',
                                    'proj1')
    assert started.start_time is not None and started.finish_time is None
    finished = objects.InstanceAction.action_finish(context, inst.uuid)
    assert finished.id == started.id and finished.finish_time is not None


def test_finish_without_start(inst):
    with pytest.raises(exception.InstanceActionNotFound):
        objects.InstanceAction.action_finish(fakes.ctx(), inst.uuid)


def test_actions_newest_first_with_marker(inst):
    contexts = [fakes.ctx() for _ in range(3)]
    for context, name in zip(contexts, ['stop', 'start', 'reboot']):
        objects.InstanceAction.action_start(context, inst.uuid, name)
    actions = objects.InstanceActionList.get_by_instance_uuid(
        fakes.ctx(), inst.uuid)
    assert [a.action for a in actions] == ['reboot', 'start', 'stop',
                                           'create']
    page = objects.InstanceActionList.get_by_instance_uuid(
        fakes.ctx(), inst.uuid, limit=2, marker=contexts[2].request_id)
    assert [a.action for a in page] == ['start', 'stop']
    with pytest.raises(exception.MarkerNotFound):
        objects.InstanceActionList.get_by_instance_uuid(
            fakes.ctx(), inst.uuid, marker='req-nope')


def test_events_success_and_failure(inst):
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, inst.uuid, 'reboot')
    objects.InstanceActionEvent.event_start(context, inst.uuid, 'ok',
                                            host='h1')
    objects.InstanceActionEvent.event_finish(context, inst.uuid, 'ok')
    objects.InstanceActionEvent.event_start(context, inst.uuid, 'bad')
    objects.InstanceActionEvent.event_finish_with_failure(
        context, inst.uuid, 'bad', exc_val=ValueError('broken'),
        exc_tb='Traceback: here')
    action, events = _events(context, inst)
    by_name = {e.event: e for e in events}
    assert by_name['ok'].result == 'Success' and by_name['ok'].host == 'h1'
    assert by_name['ok'].finish_time >= by_name['ok'].start_time
    assert by_name['bad'].result == 'Error'
    assert by_name['bad'].details == 'broken'
    assert by_name['bad'].traceback == 'Traceback: here'
    assert action.message == 'Error'


def test_event_finish_without_start_makes_the_event(inst):
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, inst.uuid, 'stop')
    objects.InstanceActionEvent.event_finish(context, inst.uuid, 'late')
    _action, [event] = _events(context, inst)
    assert event.event == 'late' and event.start_time is not None


def test_event_without_action(inst):
    with pytest.raises(exception.InstanceActionNotFound):
        objects.InstanceActionEvent.event_start(fakes.ctx(), inst.uuid,
                                                'x')


def test_event_reporter(flavor):
    context = fakes.ctx()
    first = fakes.instance(flavor, context)
    second = fakes.instance(flavor, context)
    with instance_action.EventReporter(context, 'ok', 'h1', first.uuid,
                                       second.uuid):
        pass
    with pytest.raises(KeyError):
        with instance_action.EventReporter(context, 'bad', 'h1',
                                           first.uuid):
            raise KeyError('missing')
    _action, events = _events(context, first)
    assert [(e.event, e.result) for e in events] == [('ok', 'Success'),
                                                     ('bad', 'Error')]
    assert 'KeyError' in events[1].traceback
    _action, events = _events(context, second)
    assert [(e.event, e.result) for e in events] == [('ok', 'Success')]


# -- faults -------------------------------------------------------------------

def test_fault_from_a_minova_exception(inst):
    try:
        raise exception.InstanceInvalidState(
            action='stop', instance_uuid=inst.uuid, attr='vm_state',
            state='stopped')
    except exception.InstanceInvalidState as error:
        fault = objects.InstanceFault.from_exception(fakes.ctx(), inst.uuid,
                                                     error, host='h1')
    fault.create()
    assert fault.id and fault.code == 409 and fault.host == 'h1'
    assert fault.message.startswith("Cannot 'stop' instance")
    assert 'Traceback' in fault.details


def test_fault_from_any_exception(inst):
    fault = objects.InstanceFault.from_exception(
        fakes.ctx(), inst.uuid, RuntimeError('x' * 300))
    assert fault.code == 500 and len(fault.message) == 255
    empty = objects.InstanceFault.from_exception(fakes.ctx(), inst.uuid,
                                                 RuntimeError())
    assert empty.message == 'RuntimeError'
