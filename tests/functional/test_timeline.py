"""A user watches a boot: ``minova server-timeline`` draws the steps of
the server's create across minova-api, -conductor, -scheduler and
-compute, in the seeds' order, and the steps account for the time from
the POST to ACTIVE that the user saw.

The fake driver's cloud checks the control plane's steps; the libvirt
test (slow: a real QEMU guest under software emulation) the driver's.
"""

import json
import subprocess
import sys
import time

import pytest

from tests.functional import readme
from tests.functional import test_libvirt
# The test image's files, built once (a session fixture).
from tests.functional.test_libvirt import test_image_build  # noqa: F401

# The seeds' order of a boot (ARCHITECTURE.md, the create flow).
CONTROL_STEPS = [
    'api_accept', 'api_quota', 'api_rows_written', 'api_cast_to_conductor',
    'scheduler_select_destinations', 'conductor_cast_to_compute',
    'compute_lock_wait', 'compute_take_build', 'compute_claim',
    'compute_network_allocate',
    'compute_block_devices', 'compute_spawn']
LIBVIRT_STEPS = ['libvirt_image', 'libvirt_disks', 'libvirt_guest_xml',
                 'libvirt_define', 'libvirt_launch',
                 'libvirt_wait_for_running']
PROCESS = {'api': 'minova-api', 'scheduler': 'minova-scheduler',
           'conductor': 'minova-conductor', 'compute': 'minova-compute',
           'libvirt': 'minova-compute', 'fake': 'minova-compute'}


def minova(cloud, *args, token='admin:admin'):
    """The CLI of this tree (not whichever one is installed)."""
    env = readme.clean_env()
    env.update(OS_TOKEN=token,
               OS_COMPUTE_ENDPOINT_OVERRIDE=cloud.endpoint + '/v2.1',
               OS_IMAGE_ENDPOINT_OVERRIDE=cloud.image_endpoint)
    return subprocess.run([sys.executable, '-m', 'minova.cli.main'] +
                          list(args), env=env, capture_output=True,
                          text=True, timeout=120)


def boot_and_time(cloud, timeout=30, **server):
    """(server id, seconds from sending the POST to the server turning
    ACTIVE). It turned ACTIVE after the last GET that saw it building
    was sent and before the first that saw it ACTIVE returned: the
    middle of that window, polled every 5 ms (a fake-driver boot takes
    ~0.4 s, and a whole poll interval plus a GET would be a tenth of
    it)."""
    started = time.monotonic()
    server_id = cloud.boot(**server)['server']['id']
    deadline = started + timeout
    last_sent = started
    while time.monotonic() < deadline:
        sent = time.monotonic()
        body = cloud.api.get('/servers/%s' % server_id).json()['server']
        if body['status'] == 'ACTIVE':
            return server_id, (last_sent + time.monotonic()) / 2 - started
        assert body['status'] != 'ERROR', body
        last_sent = sent
        time.sleep(0.005)
    raise AssertionError('server %s not ACTIVE in %ss' % (server_id,
                                                          timeout))


def timeline(cloud, server_id, *args):
    result = minova(cloud, 'server-timeline', server_id, '--json', *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)['spans']


def act(cloud, server_id, body, timeout=30, statuses=('ACTIVE',)):
    """POST a server action and wait until it is done; its request id."""
    resp = cloud.admin.post('/servers/%s/action' % server_id, body)
    assert resp.status_code == 202, resp.text
    cloud.wait_for_server(server_id, statuses, client=cloud.admin,
                          timeout=timeout)
    return resp.headers['x-openstack-request-id']


def action_steps(cloud, server_id, request_id, expected, timeout=30):
    """The steps of the action of ``request_id`` once all of
    ``expected`` are written (each host writes its own as it ends)."""
    deadline = time.monotonic() + timeout
    while True:
        spans = timeline(cloud, server_id, '--action', request_id)
        names = [s['event'] for s in spans]
        if set(expected) <= set(names) or time.monotonic() > deadline:
            return spans
        time.sleep(0.2)


def covered(spans):
    """Seconds from the first step's start to the last one's end, and
    how much of that some step covers (steps nest and overlap)."""
    def seconds(text):
        return time.mktime(time.strptime(text[:19], '%Y-%m-%dT%H:%M:%S')) \
            + float('0.' + text[20:])
    intervals = sorted((seconds(s['start']), seconds(s['start']) +
                        (s['duration'] or 0)) for s in spans)
    total = max(end for _, end in intervals) - intervals[0][0]
    union, reach = 0.0, intervals[0][0]
    for start, end in intervals:
        if end > reach:
            union += end - max(start, reach)
            reach = end
    return total, union


def assert_steps(spans, expected, elapsed):
    names = [s['event'] for s in spans]
    assert [n for n in names if n in expected] == expected, names
    for span in spans:
        if span['event'] in expected:
            assert span['process'] == PROCESS[span['event'].split('_')[0]]
            assert span['host'] and span['result'] == 'Success', span
    # "guest ready" comes after ACTIVE: no part of POST -> ACTIVE.
    total, union = covered([s for s in spans
                            if s['event'] != 'guest_ready'])
    # The steps account for the POST -> ACTIVE time within 10 %.
    assert abs(total - elapsed) <= 0.1 * elapsed, (total, elapsed, spans)
    assert union >= 0.9 * elapsed, (union, elapsed, spans)


@pytest.fixture(scope='module')
def cloud(make_cloud):
    c = make_cloud(computes={'host1': {}, 'host2': {}},
                   conf={'network': {'network_driver': 'noop'}})
    c.create_network('private', '10.20.40.0/24')
    c.create_flavor('42', 'm1.nano', ram=128, disk=1, vcpus=1)
    c.image = c.create_image(name='timeline-image')
    c.api.version = c.admin.version = '2.37'    # networks 'auto'/'none'
    return c


def test_boot_timeline_in_the_seeds_order(cloud):
    server_id, elapsed = boot_and_time(
        cloud, name='vm1', flavorRef='42', imageRef=cloud.image['id'],
        networks='auto')
    spans = timeline(cloud, server_id)
    print('POST -> ACTIVE: %.3fs' % elapsed)
    assert_steps(spans, CONTROL_STEPS + ['fake_spawn'], elapsed)
    [select] = [s for s in spans
                if s['event'] == 'scheduler_select_destinations']
    filters = select['details']['filters']
    assert filters and filters[0][1] == 2    # two hosts went in
    assert select['details']['host'] in ('host1', 'host2')

    drawn = minova(cloud, 'server-timeline', server_id)
    assert drawn.returncode == 0, drawn.stderr
    print(drawn.stdout)
    assert 'create req-' in drawn.stdout
    assert 'scheduler select_destinations' in drawn.stdout
    assert 'minova-scheduler' in drawn.stdout and '#' in drawn.stdout


def test_multi_create_timeline_shows_each_instance(cloud):
    body = cloud.boot(name='multi', flavorRef='42',
                      imageRef=cloud.image['id'], networks='none',
                      min_count=2, max_count=2, return_reservation_id=True)
    listed = cloud.api.get('/servers/detail?reservation_id=%s'
                           % body['reservation_id']).json()['servers']
    ids = {s['name']: s['id'] for s in listed}
    assert sorted(ids) == ['multi-1', 'multi-2']
    for server_id in ids.values():
        cloud.wait_for_server(server_id)
    # Each instance writes its build's steps before it shows ACTIVE.
    doc = json.loads(minova(cloud, 'server-timeline', ids['multi-1'],
                            '--json').stdout)
    assert doc['instances'] == ['multi-1', 'multi-2']
    shared = [s['event'] for s in doc['spans'] if s['instance'] is None]
    assert shared[:4] == ['api_accept', 'api_quota', 'api_rows_written',
                          'api_cast_to_conductor']
    for name in ids:
        own = [s['event'] for s in doc['spans'] if s['instance'] == name]
        assert [e for e in own if e in CONTROL_STEPS[4:]] == \
            CONTROL_STEPS[4:], (name, own)
    drawn = minova(cloud, 'server-timeline', ids['multi-2'])
    print(drawn.stdout)
    assert '(2 instances)' in drawn.stdout
    assert 'multi-1: claim' in drawn.stdout
    assert 'multi-2: claim' in drawn.stdout


def test_stop_start_and_resize_timelines(cloud):
    server_id, _elapsed = boot_and_time(
        cloud, name='vm3', flavorRef='42', imageRef=cloud.image['id'],
        networks='none')
    api = ['api_accept', 'api_cast_to_compute']
    for body, status, steps in (
            ({'os-stop': None}, 'SHUTOFF', ['compute_guest_power_off']),
            ({'os-start': None}, 'ACTIVE', ['compute_guest_power_on'])):
        request_id = act(cloud, server_id, body, statuses=(status,))
        spans = action_steps(cloud, server_id, request_id, api + steps)
        assert [s['event'] for s in spans if s['event'] in api + steps] \
            == api + steps
    cloud.create_flavor('43', 'm1.micro', ram=192, disk=1, vcpus=1)
    request_id = act(cloud, server_id, {'resize': {'flavorRef': '43'}},
                     statuses=('VERIFY_RESIZE',))
    steps = ['api_accept', 'api_call_to_conductor',
             'scheduler_select_destinations', 'conductor_cast_to_compute',
             'compute_move_claim', 'compute_cast_to_source',
             'compute_guest_power_off_and_disk',
             'compute_cast_to_destination', 'compute_guest_finish_migration']
    spans = action_steps(cloud, server_id, request_id, steps)
    assert [s['event'] for s in spans if s['event'] in steps] == steps
    hosts = {s['event']: s['host'] for s in spans}
    # The claim on the destination, the power off on the source.
    assert hosts['compute_move_claim'] != \
        hosts['compute_guest_power_off_and_disk']
    drawn = minova(cloud, 'server-timeline', server_id, '--action',
                   request_id)
    print(drawn.stdout)
    assert 'power off, disk ready to read' in drawn.stdout


def test_non_admins_are_told_the_events_are_for_admins(cloud):
    server_id = cloud.boot(name='vm2', flavorRef='42',
                           imageRef=cloud.image['id'],
                           networks='none')['server']['id']
    cloud.wait_for_server(server_id)
    result = minova(cloud, 'server-timeline', server_id, token='demo:demo')
    assert result.returncode != 0 and 'admins only' in result.stderr


def _with_guest_ready(cloud, server_id):
    deadline = time.monotonic() + test_libvirt.GUEST_TIMEOUT
    while True:
        spans = timeline(cloud, server_id)
        if spans[-1]['event'] == 'guest_ready' or \
                time.monotonic() > deadline:
            return spans
        time.sleep(1)


@pytest.mark.slow
def test_libvirt_boot_timeline(make_cloud, test_image_build):  # noqa: F811
    c, tag = test_libvirt.start_libvirt_cloud(make_cloud)
    try:
        server_id, elapsed = boot_and_time(
            c, timeout=test_libvirt.BOOT_TIMEOUT, name='tl-vm',
            flavorRef='lv', imageRef=c.test_image['image_id'],
            networks='none')
        spans = timeline(c, server_id)
        assert_steps(spans, CONTROL_STEPS + LIBVIRT_STEPS, elapsed)
        # The guest's console says it is up: the create's last step.
        spans = _with_guest_ready(c, server_id)
        assert spans[-1]['event'] == 'guest_ready', spans
        drawn = minova(c, 'server-timeline', server_id)
        print(drawn.stdout)
        assert 'wait for running' in drawn.stdout
        assert 'guest ready (console)' in drawn.stdout

        # A hard reboot, step by step on the real guest.
        request_id = act(c, server_id, {'reboot': {'type': 'HARD'}},
                         timeout=test_libvirt.GUEST_TIMEOUT)
        steps = ['api_accept', 'api_cast_to_compute', 'compute_guest_reboot',
                 'libvirt_power_off', 'libvirt_filters', 'libvirt_define',
                 'libvirt_launch', 'libvirt_wait_for_running']
        spans = action_steps(c, server_id, request_id, steps)
        assert [s['event'] for s in spans if s['event'] in steps] == \
            steps, spans
        assert all(s['result'] == 'Success' for s in spans)
        drawn = minova(c, 'server-timeline', server_id, '--action',
                       request_id)
        print(drawn.stdout)
        assert 'reboot ' + request_id in drawn.stdout
        c.api.delete('/servers/%s' % server_id)
        c.wait_for_deleted(server_id, timeout=test_libvirt.GUEST_TIMEOUT)
    finally:
        test_libvirt.remove_domains(tag)
