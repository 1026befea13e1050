"""Fault injection for the lifecycle task states: minova-compute killed
(kill -9) while a server is resizing, reverting a resize, shelving,
unshelving, rescuing, unrescuing, snapshotting, rebuilding, pausing or
suspending; restarted, the server must settle as Nova's
``_init_instance`` decides (ERROR with a fault where the guest may be
half made, otherwise back where it was with no task state), take
actions again, and leave nothing behind.

The compute is caught "in" a task state as tests/functional/
test_faults.py does (its helpers are used here): stopped (SIGSTOP)
before it gets the request, then killed, so that the database says the
task began and the process that owned it is gone, and the request's
message waits in the host's queue for the restarted compute (which must
not act on it: the restart settled its task). The upload states are
reached by stopping the image service under the compute's upload, the
unshelve's ``spawning`` and ``resize_migrating`` by fake-driver delays
([fake_driver] spawn_delay, migrate_delay). The module prints
its rows of the fault matrix at the end.
"""

import subprocess
import time

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import test_faults as faults
from tests.functional.test_faults import _nothing_left_stopped  # noqa
from tests.functional.test_faults import boot
from tests.functional.test_faults import delete_and_check
from tests.functional.test_faults import freeze
from tests.functional.test_faults import guests
from tests.functional.test_faults import kill
from tests.functional.test_faults import restart
from tests.functional.test_faults import sql
from tests.functional.test_faults import task_state
from tests.functional.test_faults import thaw
from tests.functional.test_faults import wait_for

COMPUTE = 'minova-compute-host1'
RESULTS = []
SHUTDOWN = 4            # power_state.SHUTDOWN
RUNNING = 1


@pytest.fixture(scope='module')
def matrix(request):
    yield RESULTS
    faults.print_matrix(RESULTS, request.config)


@pytest.fixture(scope='module')
def cloud(make_cloud, matrix):
    fake = {'fake_driver': {
        'state_file': '${state_path}/fake-guests-${host}.json'},
        'DEFAULT': {'running_deleted_instance_poll_interval': 1,
                    'orphan_reap_interval': 1, 'orphan_grace_period': 2,
                    'sync_power_state_interval': 1}}
    c = make_cloud(
        computes={'host1': fake},
        conf={'DEFAULT': {'service_down_time': faults.DOWN_TIME,
                          'rpc_response_timeout': 15,
                          # One host: a resize stays on it.
                          'allow_resize_to_same_host': True},
              'conductor': {'stale_task_check_interval': 1},
              'network': {'network_driver': 'noop'},
              'glance': {'num_retries': 8}})
    c.create_flavor('8', 'm1.eight', ram=64, disk=1, vcpus=1)
    c.create_flavor('9', 'm1.nine', ram=96, disk=1, vcpus=1)
    c.image = c.create_image()
    c.net = c.create_network('private', '10.31.0.0/24')
    return c


# -- helpers ----------------------------------------------------------------

def action(cloud, sid, body):
    """A server action the API took (rescue and rebuild answer 200)."""
    resp = cloud.api.post('/servers/%s/action' % sid, body)
    assert resp.status_code in (200, 202), resp.text
    return resp


def server_of(cloud, sid):
    return cloud.admin.get('/servers/%s' % sid).json()['server']


def killed_in(cloud, sid, body, state):
    """Stop the compute, send ``body`` (the API moves the server to
    ``state``), kill the compute; the time of the restart."""
    freeze(cloud, COMPUTE)
    action(cloud, sid, body)
    wait_for(lambda: task_state(cloud, sid) == state,
             what='task state %s' % state)
    time.sleep(0.3)                # the cast is on the host's queue
    kill(cloud, COMPUTE)
    started = time.monotonic()
    restart(cloud, COMPUTE)
    return started


def settled(cloud, sid, statuses, started, timeout=40):
    server = cloud.wait_for_server(sid, statuses, client=cloud.admin,
                                   timeout=timeout)
    return server, time.monotonic() - started


def queued_message_ignored(cloud, sid, server):
    """The request's message, redelivered to the restarted compute,
    changed nothing: the settled server stays as it is."""
    time.sleep(1.5)
    later = server_of(cloud, sid)
    assert (later['status'], later['OS-EXT-STS:task_state'],
            later['OS-EXT-STS:power_state']) == (
        server['status'], None, server['OS-EXT-STS:power_state']), later


def after(cloud, sid, body, status):
    """``body`` on the settled server: it ends in ``status`` (from
    ERROR, too)."""
    action(cloud, sid, body)
    time.sleep(0.2)
    server = wait_for(lambda: (lambda s: s if s[
        'OS-EXT-STS:task_state'] is None else None)(server_of(cloud, sid)),
        what='the action done')
    assert server['status'] == status, server
    return server


def image_status(cloud, image_id):
    resp = requests.get(
        cloud.image_endpoint + '/v2/images/%s' % image_id, timeout=10,
        headers={'X-Auth-Token': 'admin:admin'})
    return resp.json()['status'] if resp.status_code == 200 else \
        resp.status_code


def image_leak(cloud, image_id):
    """An image left queued or saving by the interrupted snapshot."""
    status = image_status(cloud, image_id)
    return 'none' if status in ('active', 404) else 'image %s' % status


def image_of(resp):
    return resp.headers['Location'].rsplit('/', 1)[1] \
        if 'Location' in resp.headers else resp.json()['image_id']


def images_of(cloud, sid):
    resp = requests.get(
        cloud.image_endpoint + '/v2/images?instance_uuid=%s' % sid,
        timeout=10, headers={'X-Auth-Token': 'admin:admin'})
    return [(i['id'], i['status']) for i in resp.json()['images']]


def migration_statuses(cloud, sid):
    return [m['status'] for m in cloud.admin.get(
        '/os-migrations?instance_uuid=%s' % sid).json()['migrations']]


def fault_of(server):
    return server.get('fault', {}).get('message', '')


def record(state, server, took, leaked, outcome=None):
    if outcome is None:
        outcome = faults.outcome_of(server, 'task cleared')
    RESULTS.append(('kill -9 compute', state, outcome, took, leaked))


# -- moves ------------------------------------------------------------------

def test_compute_killed_in_resize_prep(cloud):
    sid = boot(cloud, 'lc-resize')
    started = killed_in(cloud, sid, {'resize': {'flavorRef': '9'}},
                        'resize_prep')
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    queued_message_ignored(cloud, sid, server)
    assert server['flavor']['id'] == '8'
    assert 'error' in migration_statuses(cloud, sid)
    record('resize_prep', server, took, faults.leaks(cloud))
    # It resizes again, and its room follows the new flavor.
    action(cloud, sid, {'resize': {'flavorRef': '9'}})
    cloud.wait_for_server(sid, ('VERIFY_RESIZE',))
    cloud.sid_resized = sid


def test_compute_killed_in_resize_reverting(cloud):
    sid = cloud.sid_resized
    started = killed_in(cloud, sid, {'revertResize': None},
                        'resize_reverting')
    server, took = settled(cloud, sid, ('ERROR',), started)
    queued_message_ignored(cloud, sid, server)
    assert 'restarted during the move' in fault_of(server), server
    assert 'reverted' not in migration_statuses(cloud, sid)
    record('resize_reverting', server, took, 'none')
    # A hard reboot brings it back; the guest is there.
    server = after(cloud, sid, {'reboot': {'type': 'HARD'}}, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == RUNNING
    assert delete_and_check(cloud, sid) == 'none'


def test_compute_killed_in_resize_migrating(cloud):
    sid = boot(cloud, 'lc-migrating')
    conf = cloud.computes['host1']
    conf['fake_driver']['migrate_delay'] = 60
    kill(cloud, COMPUTE)
    restart(cloud, COMPUTE)
    try:
        action(cloud, sid, {'resize': {'flavorRef': '9'}})
        wait_for(lambda: task_state(cloud, sid) == 'resize_migrating',
                 timeout=60, what='resize_migrating')
    finally:        # whatever happened, the next cases have no delay
        del conf['fake_driver']['migrate_delay']
        kill(cloud, COMPUTE)
        started = time.monotonic()
        restart(cloud, COMPUTE)
    # The guest may be half moved: ERROR, as the restart cannot tell.
    server, took = settled(cloud, sid, ('ERROR',), started)
    queued_message_ignored(cloud, sid, server)
    assert 'restarted during the move' in fault_of(server), server
    assert 'error' in migration_statuses(cloud, sid)
    record('resize_migrating', server, took, 'none')
    server = after(cloud, sid, {'reboot': {'type': 'HARD'}}, 'ACTIVE')
    assert guests(cloud)['guests'][sid]['state'] == RUNNING
    assert delete_and_check(cloud, sid) == 'none'


# -- shelve -----------------------------------------------------------------

def test_compute_killed_while_shelving(cloud):
    sid = boot(cloud, 'lc-shelve')
    before = {i for i, _s in images_of(cloud, sid)}
    started = killed_in(cloud, sid, {'shelve': None}, 'shelving')
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    queued_message_ignored(cloud, sid, server)
    assert guests(cloud)['guests'][sid]['state'] == RUNNING
    left = [(i, s) for i, s in images_of(cloud, sid) if i not in before]
    leaked = ', '.join('image %s' % s for _i, s in left) or 'none'
    record('shelving', server, took, leaked)
    assert leaked == 'none'
    action(cloud, sid, {'shelve': None})
    cloud.wait_for_server(sid, ('SHELVED_OFFLOADED',))
    cloud.sid_shelved = sid


def test_compute_killed_while_unshelving(cloud):
    sid = cloud.sid_shelved
    started = killed_in(cloud, sid, {'unshelve': None}, 'unshelving')
    # The conductor placed it on host1: offloaded again, the host cleared.
    server, took = settled(cloud, sid, ('SHELVED_OFFLOADED',), started)
    queued_message_ignored(cloud, sid, server)
    assert server['OS-EXT-SRV-ATTR:host'] is None
    record('unshelving', server, took, faults.leaks(cloud))
    action(cloud, sid, {'unshelve': None})
    server = cloud.wait_for_server(sid, ('ACTIVE',))
    assert server['OS-EXT-STS:power_state'] == RUNNING
    assert guests(cloud)['guests'][sid]['state'] == RUNNING
    action(cloud, sid, {'shelve': None})
    cloud.wait_for_server(sid, ('SHELVED_OFFLOADED',))
    cloud.sid_shelved = sid


def test_compute_killed_while_an_unshelve_spawns(cloud):
    sid = cloud.sid_shelved
    conf = cloud.computes['host1']
    conf['fake_driver']['spawn_delay'] = 60
    kill(cloud, COMPUTE)
    restart(cloud, COMPUTE)
    try:
        action(cloud, sid, {'unshelve': None})
        wait_for(lambda: task_state(cloud, sid) == 'spawning',
                 timeout=60, what='the unshelve spawning')
    finally:        # whatever happened, the next cases have no delay
        del conf['fake_driver']['spawn_delay']
        kill(cloud, COMPUTE)
        started = time.monotonic()
        restart(cloud, COMPUTE)
    server, took = settled(cloud, sid, ('SHELVED_OFFLOADED',), started)
    assert sid not in guests(cloud)['guests']
    assert server['OS-EXT-SRV-ATTR:host'] is None
    record('spawning (unshelve)', server, took,
           faults.leaks(cloud), 'SHELVED_OFFLOADED, task cleared')
    action(cloud, sid, {'unshelve': None})
    server = cloud.wait_for_server(sid, ('ACTIVE',))
    assert guests(cloud)['guests'][sid]['state'] == RUNNING
    assert delete_and_check(cloud, sid) == 'none'


def test_compute_killed_while_a_shelve_uploads(cloud):
    sid = boot(cloud, 'lc-shelve-up')
    freeze(cloud, COMPUTE)
    action(cloud, sid, {'shelve': None})
    freeze(cloud, 'minova-image-api')
    thaw(cloud, COMPUTE)
    try:
        wait_for(lambda: task_state(cloud, sid) ==
                 'shelving_image_uploading', what='the shelve upload')
        time.sleep(0.5)              # the compute's request hangs
        kill(cloud, COMPUTE)
    finally:
        thaw(cloud, 'minova-image-api')
    started = time.monotonic()
    restart(cloud, COMPUTE)
    server, took = settled(cloud, sid, ('SHUTOFF',), started)
    queued_message_ignored(cloud, sid, server)
    left = [s for _i, s in images_of(cloud, sid) if s != 'active']
    leaked = ', '.join('image %s' % s for s in left) or 'none'
    record('shelving_image_uploading', server, took, leaked,
           'SHUTOFF (guest was off), task cleared')
    assert leaked == 'none'
    action(cloud, sid, {'os-start': None})
    cloud.wait_for_server(sid, ('ACTIVE',))
    assert delete_and_check(cloud, sid) == 'none'


# -- rescue -----------------------------------------------------------------

def test_compute_killed_while_rescuing(cloud):
    sid = boot(cloud, 'lc-rescue')
    started = killed_in(cloud, sid, {'rescue': None}, 'rescuing')
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    queued_message_ignored(cloud, sid, server)
    record('rescuing', server, took, 'none')
    action(cloud, sid, {'rescue': None})
    cloud.wait_for_server(sid, ('RESCUE',))
    cloud.sid_rescued = sid


def test_compute_killed_while_unrescuing(cloud):
    sid = cloud.sid_rescued
    started = killed_in(cloud, sid, {'unrescue': None}, 'unrescuing')
    # The guest still runs from its rescue disk: it is still rescued.
    server, took = settled(cloud, sid, ('RESCUE',), started)
    queued_message_ignored(cloud, sid, server)
    record('unrescuing', server, took, 'none')
    action(cloud, sid, {'unrescue': None})
    cloud.wait_for_server(sid, ('ACTIVE',))
    assert delete_and_check(cloud, sid) == 'none'


# -- snapshot -----------------------------------------------------------------

def test_compute_killed_in_image_snapshot(cloud):
    sid = boot(cloud, 'lc-snap')
    freeze(cloud, COMPUTE)
    resp = action(cloud, sid, {'createImage': {'name': 'lc-snap-1'}})
    image_id = image_of(resp)
    time.sleep(0.3)
    kill(cloud, COMPUTE)
    started = time.monotonic()
    restart(cloud, COMPUTE)
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    queued_message_ignored(cloud, sid, server)
    leaked = image_leak(cloud, image_id)
    record('image_snapshot', server, took, leaked)
    assert leaked == 'none'
    cloud.sid_snap = sid


def test_compute_killed_while_a_snapshot_uploads(cloud):
    sid = cloud.sid_snap
    freeze(cloud, COMPUTE)
    resp = action(cloud, sid, {'createImage': {'name': 'lc-snap-2'}})
    image_id = image_of(resp)
    freeze(cloud, 'minova-image-api')
    thaw(cloud, COMPUTE)
    try:
        wait_for(lambda: task_state(cloud, sid) == 'image_uploading',
                 what='the upload')
        time.sleep(0.5)
        kill(cloud, COMPUTE)
    finally:
        thaw(cloud, 'minova-image-api')
    started = time.monotonic()
    restart(cloud, COMPUTE)
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    leaked = image_leak(cloud, image_id)
    record('image_uploading', server, took, leaked)
    assert leaked == 'none'
    # It snapshots again.
    resp = action(cloud, sid, {'createImage': {'name': 'lc-snap-3'}})
    cloud.wait_for_server(sid, ('ACTIVE',))
    wait_for(lambda: image_status(cloud, image_of(resp)) == 'active',
             what='the new snapshot')
    requests.delete(cloud.image_endpoint + '/v2/images/%s' % image_of(resp),
                    timeout=10, headers={'X-Auth-Token': 'admin:admin'})
    assert delete_and_check(cloud, sid) == 'none'


# -- rebuild ------------------------------------------------------------------

def test_compute_killed_while_rebuilding(cloud):
    sid = boot(cloud, 'lc-rebuild')
    started = killed_in(cloud, sid, {'rebuild': {
        'imageRef': cloud.image['id']}}, 'rebuilding')
    server, took = settled(cloud, sid, ('ERROR',), started)
    queued_message_ignored(cloud, sid, server)
    assert 'rebuild' in fault_of(server), server
    record('rebuilding', server, took, 'none')
    # A rebuild of the ERROR server makes it anew.
    after(cloud, sid, {'rebuild': {'imageRef': cloud.image['id']}},
          'ACTIVE')
    assert guests(cloud)['guests'][sid]['state'] == RUNNING
    assert delete_and_check(cloud, sid) == 'none'


# -- pause, suspend -----------------------------------------------------------

def test_compute_killed_while_pausing(cloud):
    sid = boot(cloud, 'lc-pause')
    started = killed_in(cloud, sid, {'pause': None}, 'pausing')
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    queued_message_ignored(cloud, sid, server)
    record('pausing', server, took, 'none')
    action(cloud, sid, {'pause': None})
    cloud.wait_for_server(sid, ('PAUSED',))
    action(cloud, sid, {'unpause': None})
    cloud.wait_for_server(sid, ('ACTIVE',))
    cloud.sid_pause = sid


def test_compute_killed_while_suspending(cloud):
    sid = cloud.sid_pause
    started = killed_in(cloud, sid, {'suspend': None}, 'suspending')
    server, took = settled(cloud, sid, ('ACTIVE',), started)
    queued_message_ignored(cloud, sid, server)
    record('suspending', server, took, 'none')
    action(cloud, sid, {'suspend': None})
    cloud.wait_for_server(sid, ('SUSPENDED',))
    action(cloud, sid, {'resume': None})
    cloud.wait_for_server(sid, ('ACTIVE',))
    assert delete_and_check(cloud, sid) == 'none'


# -- at the end: nothing left over --------------------------------------------

def test_nothing_left_over(cloud):
    left = [row[0] for row in sql(
        cloud, 'SELECT uuid FROM instances WHERE deleted = 0')]
    assert left == []
    assert guests(cloud)['guests'] == {}
    wait_for(lambda: all(vcpus == 0 for (vcpus,) in sql(
        cloud, 'SELECT vcpus_used FROM compute_nodes WHERE deleted = 0')),
        what='no claim left')
    proc = subprocess.run(cloud_lib.service_command('minova-manage') + [
        '--config-file', cloud.conf_path, 'audit'], capture_output=True,
        text=True, timeout=120)
    out = proc.stdout
    RESULTS.append(('minova-manage audit', '-', out.splitlines()[-1], 0.0,
                    'none'))
    assert proc.returncode == 0, out + proc.stderr
    assert out.strip().endswith('0 leftover(s) found, 0 fixed'), out
