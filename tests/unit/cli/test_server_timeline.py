"""``minova server-timeline``: a server's last action drawn as steps."""

import json

from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, server

ACTIONS = COMPUTE + '/servers/s1/os-instance-actions'


def _span(event, process, start, duration, **details):
    return {'event': event, 'result': 'Success', 'traceback': None,
            'start_time': '2026-12-03T10:00:%s' % start,
            'finish_time': None,
            'minova:span': {'process': process, 'host': 'host1',
                            'start': '2026-12-03T10:00:%s' % start,
                            'duration': duration, 'details': details}}


EVENTS = [   # newest first, as the API lists them
    _span('fake_spawn', 'minova-compute', '00.400000', 0.5),
    _span('scheduler_select_destinations', 'minova-scheduler',
          '00.100000', 0.2, filters=[['RamFilter', 2, 1]]),
    {'event': 'compute__do_build_and_run_instance', 'result': 'Success',
     'traceback': None, 'start_time': '2026-12-03T10:00:00.300000',
     'finish_time': '2026-12-03T10:00:01.000000'},
    _span('api_accept', 'minova-api', '00.000000', 0.1),
]


def _routes(events=EVENTS):
    action = {'action': 'create', 'request_id': 'req-1',
              'instance_uuid': 's1', 'message': None}
    body = dict(action, events=events) if events is not None else action
    return {
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()}),
        ('GET', ACTIONS): (200, {'instanceActions': [
            action, dict(action, request_id='req-0')]}),
        ('GET', ACTIONS + '/req-1'): (200, {'instanceAction': body}),
        ('GET', ACTIONS + '/req-0'): (200, {'instanceAction': dict(
            action, request_id='req-0', events=[])}),
    }


def test_draws_the_newest_action_in_step_order_with_bars():
    code, out, err = fakes.run(fakes.FakeSession(_routes()),
                               'server-timeline', 's1')
    assert code == 0, err
    lines = out.splitlines()
    assert 'create req-1  4 steps in 1.000s' in lines[1]
    steps = [line for line in lines[3:] if not line.startswith('    ')]
    assert [s.split('  ')[0] for s in steps] == [
        'API accepts (auth, validation, image)',
        'scheduler select_destinations', 'compute: build and run',
        'fake driver spawn']
    # The envelope event: its process from its name, its times its own.
    assert 'minova-compute' in steps[2] and '+0.300s' in steps[2]
    assert '0.700s' in steps[2]
    # Bars to scale: 40 columns for 1 s; the spawn starts at 0.4 s.
    bar = steps[3].split('|')[1]
    assert len(bar) == 40 and bar.index('#') == 16 and bar.count('#') == 20
    assert '    RamFilter 2->1' in lines


def test_json_prints_the_spans_of_the_chosen_action():
    code, out, err = fakes.run(fakes.FakeSession(_routes()),
                               'server-timeline', 's1', '--action', 'req-1',
                               '--json')
    assert code == 0, err
    body = json.loads(out)
    assert body['request_id'] == 'req-1'
    assert [s['event'] for s in body['spans']][0] == 'api_accept'
    assert body['spans'][1]['details'] == {'filters': [['RamFilter', 2, 1]]}


def test_without_events_says_they_are_for_admins():
    code, out, err = fakes.run(fakes.FakeSession(_routes(events=None)),
                               'server-timeline', 's1')
    assert code != 0
    assert 'admins only' in err


def _multi_routes():
    """A create of two servers (s1, s2: one reservation, one request):
    the API's step on both actions, each instance's own steps on its."""
    shared = _span('api_accept', 'minova-api', '00.000000', 0.1)
    events = {
        's1': [_span('compute_claim', 'minova-compute', '00.300000', 0.1),
               _span('scheduler_select_destinations', 'minova-scheduler',
                     '00.100000', 0.2), shared],
        's2': [_span('compute_claim', 'minova-compute', '00.500000', 0.2),
               _span('scheduler_select_destinations', 'minova-scheduler',
                     '00.100000', 0.2), shared],
    }
    for uuid in events:
        # The scheduler's step, one per instance at the same moment.
        events[uuid][1]['minova:span']['instance_uuid'] = uuid
    routes = _routes(events['s1'])
    reservation = {'OS-EXT-SRV-ATTR:reservation_id': 'r-1'}
    servers = [server('vm-2', server_id='s2',
                      **{'OS-EXT-SRV-ATTR:launch_index': 1}, **reservation),
               server('vm-1', server_id='s1',
                      **{'OS-EXT-SRV-ATTR:launch_index': 0}, **reservation)]
    routes.update({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': servers[1]}),
        ('GET', COMPUTE + '/servers/detail'): (200, {'servers': servers}),
        ('GET', COMPUTE + '/servers/s2/os-instance-actions/req-1'): (
            200, {'instanceAction': {
                'action': 'create', 'request_id': 'req-1',
                'instance_uuid': 's2', 'message': None,
                'events': events['s2']}}),
    })
    return routes


def test_a_multi_create_shows_each_instances_steps():
    session = fakes.FakeSession(_multi_routes())
    code, out, err = fakes.run(session, 'server-timeline', 's1')
    assert code == 0, err
    lines = out.splitlines()
    assert 'create req-1  5 steps in 0.700s (2 instances)' in lines[1]
    steps = [line.split('  ')[0] for line in lines[3:]
             if not line.startswith('    ')]
    # The shared step once, then each instance's own, in launch order.
    assert steps == [
        'API accepts (auth, validation, image)',
        'vm-1: scheduler select_destinations', 'vm-1: claim',
        'vm-2: scheduler select_destinations', 'vm-2: claim']
    [listing] = [r for r in session.requests
                 if r['url'].endswith('/servers/detail')]
    assert listing['query'] == {'reservation_id': 'r-1'}

    code, out, err = fakes.run(fakes.FakeSession(_multi_routes()),
                               'server-timeline', 's1', '--json')
    doc = json.loads(out)
    assert doc['instances'] == ['vm-1', 'vm-2']
    assert [(s['instance'], s['event']) for s in doc['spans']] == [
        (None, 'api_accept'),
        ('vm-1', 'scheduler_select_destinations'),
        ('vm-1', 'compute_claim'),
        ('vm-2', 'scheduler_select_destinations'),
        ('vm-2', 'compute_claim')]


def test_a_sibling_without_that_action_is_left_out():
    routes = _multi_routes()
    del routes[('GET', COMPUTE + '/servers/s2/os-instance-actions/req-1')]
    code, out, err = fakes.run(fakes.FakeSession(routes),
                               'server-timeline', 's1')
    assert code == 0, err
    assert '3 steps' in out.splitlines()[1]
    assert 'vm-1:' not in out


def test_a_hosts_action_event_in_words():
    events = [{'event': 'compute_reboot_instance', 'result': 'Success',
               'traceback': None,
               'start_time': '2026-12-03T10:00:00.100000',
               'finish_time': '2026-12-03T10:00:01.000000'},
              _span('api_accept', 'minova-api', '00.000000', 0.1)]
    routes = _routes(events)
    code, out, err = fakes.run(fakes.FakeSession(routes), 'server-timeline',
                               's1')
    assert code == 0, err
    assert 'compute: reboot ' in out
