"""/servers/{server_id}/os-instance-actions."""

import re

import pytest

from minova import objects
from minova.timeline import spans
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault

ACTION_KEYS = {'action', 'instance_uuid', 'message', 'project_id',
               'request_id', 'start_time', 'user_id'}
TIME_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')


@pytest.fixture
def server(api):
    inst = fakes.instance()
    create = fakes.action(inst, 'create',
                          events=[('compute_build_and_run_instance', None)])
    stop = fakes.action(inst, 'stop',
                        events=[('compute_stop_instance',
                                 RuntimeError('boom'))])
    return inst, create, stop


def _url(inst, request_id=''):
    url = '/v2.1/servers/%s/os-instance-actions' % inst.uuid
    return url + ('/' + request_id if request_id else '')


def test_index(api, server):
    inst, create, stop = server
    resp = api.get(_url(inst))
    assert resp.status_int == 200
    actions = resp.json['instanceActions']
    assert [a['action'] for a in actions] == ['stop', 'create']  # newest 1st
    first = actions[0]
    assert set(first) == ACTION_KEYS
    assert first['request_id'] == stop
    assert first['instance_uuid'] == inst.uuid
    assert first['project_id'] == 'proj1' and first['user_id'] == 'alice'
    assert first['message'] == 'Error'
    assert actions[1]['message'] is None
    assert TIME_RE.match(first['start_time'])


def test_show_as_owner_has_no_events(api, server):
    inst, create, stop = server
    resp = api.get(_url(inst, create))
    assert resp.status_int == 200
    action = resp.json['instanceAction']
    assert set(action) == ACTION_KEYS
    assert action['action'] == 'create'


def test_show_as_admin_has_events(api, server):
    inst, create, stop = server
    action = api.get(_url(inst, stop), token=ADMIN).json['instanceAction']
    assert set(action) == ACTION_KEYS | {'events'}
    [event] = action['events']
    assert set(event) == {'event', 'start_time', 'finish_time', 'result',
                          'traceback'}
    assert event['event'] == 'compute_stop_instance'
    assert event['result'] == 'Error'
    assert event['traceback'] == 'Traceback: boom'
    assert TIME_RE.match(event['finish_time'])
    ok = api.get(_url(inst, create), token=ADMIN).json['instanceAction']
    assert ok['events'][0]['result'] == 'Success'
    assert ok['events'][0]['traceback'] is None


def test_unknown_server_and_action(api, server):
    inst, _create, _stop = server
    msg = assert_fault(api.get('/v2.1/servers/%s/os-instance-actions'
                               % 'ffffffff-0000-0000-0000-000000000000'),
                       404)
    assert 'could not be found' in msg
    assert_fault(api.get(_url(inst, 'req-nope')), 404)


def test_other_project_cannot_see(api, server):
    inst, create, _stop = server
    assert_fault(api.get(_url(inst), token=OTHER), 404)
    assert_fault(api.get(_url(inst, create), token=OTHER), 404)


def test_deleted_server_from_221(api, server):
    inst, create, _stop = server
    inst.destroy()
    assert_fault(api.get(_url(inst), version='2.20'), 404)
    resp = api.get(_url(inst), version='2.21')
    assert resp.status_int == 200
    assert len(resp.json['instanceActions']) == 2
    resp = api.get(_url(inst, create), version='2.21')
    assert resp.json['instanceAction']['request_id'] == create


def test_legacy_v2(api, server):
    inst, _create, _stop = server
    resp = api.get('/v2/proj1/servers/%s/os-instance-actions' % inst.uuid)
    assert resp.status_int == 200


def test_span_events_carry_minova_span_for_admins(api):
    inst = fakes.instance()
    ctx = fakes.user_ctx(inst.user_id, inst.project_id)
    objects.InstanceAction.action_start(ctx, inst.uuid, 'create')
    with spans.span(ctx, 'scheduler_select_destinations',
                    filters=[['RamFilter', 2, 1]]):
        pass
    spans.flush(ctx, [inst.uuid])
    action = api.get(_url(inst, ctx.request_id),
                     token=ADMIN).json['instanceAction']
    [event] = action['events']
    assert set(event) == {'event', 'start_time', 'finish_time', 'result',
                          'traceback', 'minova:span'}
    span = event['minova:span']
    assert set(span) == {'process', 'host', 'start', 'duration', 'details'}
    assert span['host'] == 'testhost'
    assert span['details'] == {'filters': [['RamFilter', 2, 1]]}
    assert TIME_RE.match(span['start']) and span['duration'] >= 0
