"""minova.timeline.spans: steps kept on the request context and written
as instance action events in one batch."""

import json

import pytest

from minova import objects
from minova.timeline import spans
from tests.unit.compute import fakes


@pytest.fixture
def inst(flavor):
    return fakes.instance(flavor, vm_state='active', task_state=None)


def _spans(context, instance):
    action = objects.InstanceAction.get_by_request_id(
        context, instance.uuid, context.request_id)
    events = objects.InstanceActionEventList.get_by_action(context,
                                                           action.id)
    return [(e, json.loads(e.span)) for e in events if e.span]


def test_spans_written_in_one_batch_with_process_and_details(inst):
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, inst.uuid, 'reboot')
    with spans.span(context, 'api_quota'):
        pass
    with spans.span(context, 'scheduler_select_destinations',
                    filters=[['RamFilter', 2, 1]]) as details:
        details['chosen'] = 'host1'
    assert _spans(context, inst) == []       # nothing written yet
    spans.flush(context, [inst.uuid])
    written = _spans(context, inst)
    assert [e.event for e, _ in written] == [
        'api_quota', 'scheduler_select_destinations']
    event, span = written[1]
    assert event.result == 'Success' and event.host == 'testhost'
    assert span['details'] == {'filters': [['RamFilter', 2, 1]],
                               'chosen': 'host1'}
    assert span['process'].startswith('minova-')
    assert span['duration'] == pytest.approx(
        (event.finish_time - event.start_time).total_seconds(), abs=1e-5)
    # The context's spans were taken: a second flush writes nothing.
    spans.flush(context, [inst.uuid])
    assert len(_spans(context, inst)) == 2


def test_failed_step_is_an_error_event(inst):
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, inst.uuid, 'reboot')
    with pytest.raises(ValueError):
        with spans.span(context, 'compute_claim'):
            raise ValueError('no room')
    spans.flush(context, [inst.uuid])
    [(event, _)] = _spans(context, inst)
    assert event.result == 'Error'


def test_span_of_one_instance_goes_to_that_instance_only(flavor):
    context = fakes.ctx()
    one, two = (fakes.instance(flavor) for _ in range(2))
    for instance in (one, two):
        objects.InstanceAction.action_start(context, instance.uuid, 'stop')
    with spans.span(context, 'api_rows_written'):
        pass
    with spans.span(context, 'conductor_cast_to_compute',
                    instance_uuid=two.uuid):
        pass
    spans.flush(context, [one.uuid, two.uuid])
    assert [e.event for e, _ in _spans(context, one)] == [
        'api_rows_written']
    assert [e.event for e, _ in _spans(context, two)] == [
        'api_rows_written', 'conductor_cast_to_compute']
    # The step of one instance names it (a multi-create's timeline tells
    # it from the shared ones); the shared step names none.
    assert [s.get('instance_uuid') for _, s in _spans(context, two)] == [
        None, two.uuid]


def test_disabled_records_nothing(inst, conf):
    conf.config(enabled=False, group='timeline')
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, inst.uuid, 'stop')
    with spans.span(context, 'api_quota'):
        pass
    spans.record(context, 'compute_lock_wait', spans.parse_time(
        '2026-01-01T00:00:00.000000'))
    spans.flush(context, [inst.uuid])
    assert _spans(context, inst) == []


def test_flush_never_fails_the_request(flavor):
    context = fakes.ctx()
    with spans.span(context, 'api_quota'):
        pass
    # No such instance, no action: nothing to write to, and no error.
    spans.flush(context, ['00000000-0000-0000-0000-000000000000'])


def test_old_event_version_has_no_span():
    event = objects.InstanceActionEvent(event='x', span='{}')
    primitive = event.obj_to_primitive(target_version='1.0')
    assert 'span' not in primitive['minova_object.data']
