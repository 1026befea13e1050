"""Fault injection: a process killed (kill -9) at a point of a server's
life, started again, and the server must settle (ACTIVE, SHUTOFF, ERROR
with a fault, or gone) with nothing leaked: no guest of a deleted server,
no address held by a gone one, nothing ``minova-manage audit`` reports.

The fake driver keeps its guests in a state file ([fake_driver]
state_file), so they outlive the compute process as real guests do; one
case does the same with a real QEMU guest under libvirt (slow).

A process is caught "in" a task state by stopping it (SIGSTOP) before it
gets the request, then killing it: the database says the task began,
the process that owned it is gone. The module prints its matrix
(fault x state -> outcome, time to settle, leaks) at the end.
"""

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
import requests
import sqlalchemy as sa

from tests.functional import cloud as cloud_lib

BUILD_TIMEOUT = 10          # [conductor] instance_build_timeout
DOWN_TIME = 6               # [DEFAULT] service_down_time
RESULTS = []


def format_matrix(rows):
    """The table: fault x state -> outcome, time to settle, leaks."""
    lines = ['', 'fault x state -> outcome (time to settle, leaks)',
             '%-30s %-24s %-36s %8s  %s' % (
                 'fault', 'state', 'outcome', 'settle', 'leaks')]
    for row in rows:
        lines.append('%-30s %-24s %-36s %7.1fs  %s' % row)
    return '\n'.join(lines)


def print_matrix(rows, config=None):
    capture = config.pluginmanager.getplugin('capturemanager') \
        if config is not None else None
    if capture is None:
        print(format_matrix(rows))
        return
    with capture.global_and_fixture_disabled():
        print(format_matrix(rows))


@pytest.fixture(scope='module')
def matrix(request):
    yield RESULTS
    print_matrix(RESULTS, request.config)


@pytest.fixture(scope='module')
def cloud(make_cloud, matrix):
    fake = {'fake_driver': {
        'state_file': '${state_path}/fake-guests-${host}.json'},
        'DEFAULT': {'running_deleted_instance_poll_interval': 1,
                    'orphan_reap_interval': 1, 'orphan_grace_period': 2,
                    'sync_power_state_interval': 1}}
    c = make_cloud(
        computes={'host1': fake},
        conf={'DEFAULT': {'service_down_time': DOWN_TIME,
                          # Calls lost with a purged queue fail soon.
                          'rpc_response_timeout': 15},
              'conductor': {'instance_build_timeout': BUILD_TIMEOUT,
                            'stale_task_check_interval': 1},
              'network': {'network_driver': 'noop'},
              # An image service restarted under load listens again
              # within these tries, a second apart.
              'glance': {'num_retries': 8},
              'quota': {'instances': 200, 'cores': 400}})
    c.create_flavor('8', 'm1.eight', ram=64, disk=1, vcpus=1)
    c.image = c.create_image()
    c.net = c.create_network('private', '10.30.0.0/24')
    return c


# -- the faults -------------------------------------------------------------

def kill(cloud, name):
    """kill -9 of the process (and its children)."""
    process = cloud.processes.pop(name)
    os.killpg(process.popen.pid, signal.SIGKILL)
    process.popen.wait(10)
    process._log.close()


def freeze(cloud, name):
    """SIGSTOP ``name``, but never in the middle of a write transaction:
    on SQLite a process stopped while it holds the write lock stops every
    other process's writes too ("database is locked"), which is not the
    fault under test. So the lock is probed while it is stopped, and it
    runs on a moment longer (bounded) until it holds none."""
    pgid = cloud.processes[name].popen.pid
    path = cloud.db.url[len('sqlite:///'):] \
        if cloud.db.url.startswith('sqlite:///') else None
    for _attempt in range(50):
        os.killpg(pgid, signal.SIGSTOP)
        if path is None or _write_lock_free(path):
            return
        os.killpg(pgid, signal.SIGCONT)
        time.sleep(0.05)
    raise AssertionError('%s kept the database write lock' % name)


def _write_lock_free(path):
    db = sqlite3.connect(path, timeout=1.0)
    try:
        db.execute('BEGIN IMMEDIATE')
        db.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        db.close()


@pytest.fixture(autouse=True)
def _nothing_left_stopped(request):
    """A test that fails between freeze and kill leaves no stopped
    process behind for the next test of the module's cloud."""
    yield
    if 'cloud' not in request.fixturenames:
        return
    for process in request.getfixturevalue('cloud').processes.values():
        try:
            os.killpg(process.popen.pid, signal.SIGCONT)
        except (ProcessLookupError, PermissionError, AttributeError):
            pass


def thaw(cloud, name):
    os.killpg(cloud.processes[name].popen.pid, signal.SIGCONT)


def wait_for(predicate, timeout=30, what='the condition'):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError('%s not reached in %ss' % (what, timeout))


def task_state(cloud, uuid):
    rows = sql(cloud, 'SELECT task_state FROM instances WHERE uuid = :u',
               u=uuid)
    return rows[0][0] if rows else None


def event_started(cloud, uuid, event):
    """The instance action event ``event`` began (its EventReporter ran):
    the RPC call it wraps is on its way."""
    return sql(cloud, 'SELECT e.id FROM instance_actions_events e JOIN '
               'instance_actions a ON e.action_id = a.id WHERE '
               'a.instance_uuid = :u AND e.event = :e', u=uuid, e=event)


def restart(cloud, name):
    if name.startswith('minova-compute-'):
        host = name[len('minova-compute-'):]
        since = datetime.datetime.utcnow()
        cloud.start_compute(host)
        wait_for_heartbeat(cloud, host, since)
    else:
        cloud.start_service(name)
        if name == 'minova-api':
            cloud._wait_http(cloud.endpoint + '/')


def wait_for_heartbeat(cloud, host, since, timeout=60):
    """Until the restarted compute (past its init_host) reports."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cloud._check_alive()
        services = cloud.admin.get('/os-services?binary=minova-compute&'
                                   'host=%s' % host).json()['services']
        updated = services[0]['updated_at'] if services else None
        if updated and datetime.datetime.fromisoformat(
                updated.rstrip('Z').split('+')[0]) > since:
            return
        time.sleep(0.2)
    raise AssertionError('compute %s did not report after its restart'
                         % host)


def guests(cloud, host='host1'):
    path = os.path.join(cloud.state_path, 'fake-guests-%s.json' % host)
    with open(path) as state:
        return json.load(state)


def edit_guests(cloud, change, host='host1'):
    path = os.path.join(cloud.state_path, 'fake-guests-%s.json' % host)
    data = guests(cloud, host)
    change(data)
    with open(path, 'w') as state:
        json.dump(data, state)


def sql(cloud, statement, **params):
    engine = sa.create_engine(cloud.db.url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(statement), params).all()
    finally:
        engine.dispose()


def addresses_of(cloud, uuid):
    return [row[0] for row in sql(
        cloud, 'SELECT address FROM fixed_ips WHERE instance_uuid = :u',
        u=uuid)]


def boot(cloud, name, wait=True, **extra):
    sid = cloud.boot(name=name, imageRef=cloud.image['id'], flavorRef='8',
                     networks=[{'uuid': cloud.net}], **extra)['server']['id']
    if wait:
        cloud.wait_for_server(sid)
    return sid


def settle(cloud, sid, statuses, timeout=40):
    started = time.monotonic()
    server = cloud.wait_for_server(sid, statuses, timeout=timeout)
    return server, time.monotonic() - started


def leaks(cloud, deleted=(), host='host1'):
    """What a gone server still holds: guests, addresses."""
    found = []
    state = guests(cloud, host)
    for uuid in deleted:
        if uuid in state['guests'] or uuid in state['disks']:
            found.append('guest %s' % uuid[:8])
        if addresses_of(cloud, uuid):
            found.append('address of %s' % uuid[:8])
    return ', '.join(found) or 'none'


def action(cloud, sid, body, **kwargs):
    resp = cloud.api.post('/servers/%s/action' % sid, body, **kwargs)
    assert resp.status_code == 202, resp.text
    return resp


def wait_gone(cloud, sid, client=None, timeout=30):
    """Until the server answers 404 (an ERROR server on its way out is
    not a failure, as wait_for_deleted takes it)."""
    client = client or cloud.api
    wait_for(lambda: client.get('/servers/%s' % sid).status_code == 404,
             timeout=timeout, what='server %s deleted' % sid)


def delete_and_check(cloud, sid, timeout=30):
    """Delete the server; what it held must be gone within ``timeout``
    (addresses are freed once its guest is known gone)."""
    resp = cloud.api.delete('/servers/%s' % sid)
    assert resp.status_code == 204, resp.text
    wait_gone(cloud, sid, timeout=timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and leaks(cloud, [sid]) != 'none':
        time.sleep(0.5)
    return leaks(cloud, [sid])


def outcome_of(server, settled_in):
    if server['status'] == 'ERROR':
        return 'ERROR: %s' % server['fault']['message'][:40]
    return '%s (%s)' % (server['status'], settled_in)


# -- compute ----------------------------------------------------------------

def test_compute_killed_while_deleting(cloud):
    sid = boot(cloud, 'del')
    freeze(cloud, 'minova-compute-host1')
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    assert cloud.admin.get('/servers/%s' % sid).json()['server'][
        'OS-EXT-STS:task_state'] == 'deleting'
    kill(cloud, 'minova-compute-host1')
    started = time.monotonic()
    restart(cloud, 'minova-compute-host1')
    wait_gone(cloud, sid)
    took = time.monotonic() - started
    leaked = leaks(cloud, [sid])
    RESULTS.append(('kill -9 compute', 'deleting', 'DELETED', took, leaked))
    assert leaked == 'none'


def test_compute_killed_while_rebooting_hard(cloud):
    sid = boot(cloud, 'hard')
    freeze(cloud, 'minova-compute-host1')
    action(cloud, sid, {'reboot': {'type': 'HARD'}})
    kill(cloud, 'minova-compute-host1')

    def plug_pulled(data):   # killed after the guest was powered off
        data['guests'][sid]['state'] = 4
    edit_guests(cloud, plug_pulled)
    started = time.monotonic()
    restart(cloud, 'minova-compute-host1')
    server, _took = settle(cloud, sid, ('ACTIVE',))
    took = time.monotonic() - started
    RESULTS.append(('kill -9 compute', 'rebooting_hard',
                    'ACTIVE (rebooted again)', took, 'none'))
    assert server['OS-EXT-STS:power_state'] == 1
    assert guests(cloud)['guests'][sid]['console'][-1].endswith(
        'hard reboot')
    # Not stuck: the server takes actions again.
    action(cloud, sid, {'os-stop': None})
    cloud.wait_for_server(sid, ('SHUTOFF',))


def test_compute_killed_while_powering_off(cloud):
    sid = boot(cloud, 'stop')
    freeze(cloud, 'minova-compute-host1')
    action(cloud, sid, {'os-stop': None})
    kill(cloud, 'minova-compute-host1')
    started = time.monotonic()
    restart(cloud, 'minova-compute-host1')
    server, _took = settle(cloud, sid, ('ACTIVE',))
    took = time.monotonic() - started
    fault = cloud.admin.get('/servers/%s' % sid).json()['server'].get(
        'fault')
    RESULTS.append(('kill -9 compute', 'powering-off',
                    'ACTIVE, task cleared', took, 'none'))
    # The guest never got the stop: it runs, and the server says so.
    assert server['OS-EXT-STS:power_state'] == 1
    assert fault is None      # faults show only on ERROR servers
    events = cloud.admin.get('/servers/%s/os-instance-actions' % sid)
    assert events.status_code == 200


def test_delete_while_compute_is_down_is_reaped_on_return(cloud):
    sid = boot(cloud, 'local')
    address = addresses_of(cloud, sid)
    assert address
    kill(cloud, 'minova-compute-host1')
    deadline = time.monotonic() + DOWN_TIME + 20
    while time.monotonic() < deadline:
        hosts = cloud.admin.get('/os-services?binary=minova-compute')
        if hosts.json()['services'][0]['state'] == 'down':
            break
        time.sleep(0.5)
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    wait_gone(cloud, sid)            # a local delete
    # Its guest still runs on host1: the address is not free for others.
    time.sleep(2)                          # two network host syncs
    assert addresses_of(cloud, sid) == address
    assert sid in guests(cloud)['guests']
    started = time.monotonic()
    restart(cloud, 'minova-compute-host1')
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and leaks(cloud, [sid]) != 'none':
        time.sleep(0.5)
    took = time.monotonic() - started
    leaked = leaks(cloud, [sid])
    RESULTS.append(('compute down, DELETE', 'deleted (local)',
                    'guest reaped, address freed', took, leaked))
    assert leaked == 'none'


def test_an_orphan_guest_is_reaped(cloud):
    kill(cloud, 'minova-compute-host1')
    stray = '0a1b2c3d-0000-4000-8000-00000000f00d'

    def add_stray(data):
        data['guests'][stray] = {'name': 'instance-stray', 'uuid': stray,
                                 'state': 1, 'console': []}
        data['disks'].append(stray)
    edit_guests(cloud, add_stray)
    started = time.monotonic()
    restart(cloud, 'minova-compute-host1')
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and stray in guests(cloud)['guests']:
        time.sleep(0.5)
    took = time.monotonic() - started
    RESULTS.append(('guest behind minova\'s back', '-',
                    'destroyed after the grace', took,
                    leaks(cloud, [stray])))
    assert stray not in guests(cloud)['guests']
    assert 'Destroyed orphaned guest %s' % stray in \
        cloud.processes['minova-compute-host1'].log()


# -- conductor ----------------------------------------------------------------

def test_conductor_killed_with_a_build_cast_queued(cloud):
    kill(cloud, 'minova-conductor')
    sid = cloud.boot(name='queued', imageRef=cloud.image['id'],
                     flavorRef='8', networks=[{'uuid': cloud.net}])[
        'server']['id']
    started = time.monotonic()
    restart(cloud, 'minova-conductor')
    server, _took = settle(cloud, sid, ('ACTIVE', 'ERROR'))
    took = time.monotonic() - started
    # The message waited in its queue: the restarted conductor builds it,
    # unless its stale check (which runs first) found the server older
    # than the build time-out, in which case the late build never runs.
    if server['status'] == 'ERROR':
        assert 'made no progress' in server['fault']['message']
        outcome = 'ERROR (past the time-out)'
    else:
        outcome = 'ACTIVE (message kept)'
    time.sleep(2)
    leaked = 'guest' if server['status'] == 'ERROR' and \
        sid in guests(cloud)['guests'] else 'none'
    RESULTS.append(('kill -9 conductor', 'scheduling (queued)', outcome,
                    took, leaked))
    assert leaked == 'none'
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    wait_gone(cloud, sid)


def test_conductor_killed_and_its_build_message_lost(cloud):
    kill(cloud, 'minova-conductor')
    sid = cloud.boot(name='lost', imageRef=cloud.image['id'],
                     flavorRef='8', networks=[{'uuid': cloud.net}])[
        'server']['id']
    subprocess.run(['rabbitmqctl', 'purge_queue', '-p', cloud.vhost,
                    'conductor'], check=True, capture_output=True)
    started = time.monotonic()
    restart(cloud, 'minova-conductor')
    server, _took = settle(cloud, sid, ('ERROR',), timeout=BUILD_TIMEOUT + 30)
    took = time.monotonic() - started
    RESULTS.append(('kill -9 conductor, queue lost', 'scheduling',
                    'ERROR with a fault', took, 'none'))
    assert 'made no progress for %d seconds' % BUILD_TIMEOUT in \
        server['fault']['message']
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    wait_gone(cloud, sid)


# -- api ----------------------------------------------------------------------

def test_api_killed_in_the_middle_of_a_multi_create(cloud):
    count = 100
    before = {row[0] for row in sql(cloud, 'SELECT uuid FROM instances')}
    answer = {}

    def create():
        try:
            answer['resp'] = cloud.api.post('/servers', {'server': {
                'name': 'many', 'imageRef': cloud.image['id'],
                'flavorRef': '8', 'networks': 'none', 'min_count': 1,
                'max_count': count}}, version='2.37')
        except Exception as error:      # the connection died with it
            answer['error'] = error
    thread = threading.Thread(target=create)
    thread.start()
    deadline = time.monotonic() + 30
    new = set()
    while time.monotonic() < deadline:
        new = {row[0] for row in sql(cloud, 'SELECT uuid FROM instances')
               } - before
        if len(new) >= 5:
            break
        time.sleep(0.02)
    kill(cloud, 'minova-api')
    thread.join(30)
    restart(cloud, 'minova-api')
    started = time.monotonic()
    rows = {row[0]: row[1] for row in sql(
        cloud, 'SELECT uuid, vm_state FROM instances WHERE deleted = 0')
        if row[0] not in before}
    outcome = 'no 202; %d of %d rows' % (len(rows), count)
    for uuid in rows:
        cloud.wait_for_server(uuid, ('ERROR', 'ACTIVE'),
                              client=cloud.admin,
                              timeout=BUILD_TIMEOUT + 30)
    took = time.monotonic() - started
    states = {row[0] for row in sql(
        cloud, 'SELECT vm_state FROM instances WHERE deleted = 0 AND '
        'uuid IN (%s)' % ','.join("'%s'" % u for u in rows))} if rows \
        else set()
    RESULTS.append(('kill -9 api mid multi-create', 'building',
                    outcome + ' -> ' + '/'.join(sorted(states)), took,
                    'none'))
    assert 'resp' not in answer or answer['resp'].status_code != 202
    assert 0 < len(rows) < count
    assert states <= {'error'}
    for uuid in rows:
        assert cloud.admin.delete('/servers/%s' % uuid).status_code == 204
    for uuid in rows:
        wait_gone(cloud, uuid, client=cloud.admin)


# -- scheduler ----------------------------------------------------------------

def test_scheduler_killed_with_a_build_in_scheduling(cloud):
    freeze(cloud, 'minova-scheduler')
    sid = boot(cloud, 'sched', wait=False)
    # The conductor's select_destinations call is on its way to the
    # stopped scheduler (delivered, not acknowledged).
    wait_for(lambda: event_started(
        cloud, sid, 'conductor_schedule_and_build_instances'),
        what='the scheduling call')
    time.sleep(0.5)
    kill(cloud, 'minova-scheduler')
    started = time.monotonic()
    restart(cloud, 'minova-scheduler')
    server, _took = settle(cloud, sid, ('ACTIVE', 'ERROR'), timeout=60)
    took = time.monotonic() - started
    leaked = delete_and_check(cloud, sid)
    RESULTS.append(('kill -9 scheduler', 'scheduling (call sent)',
                    outcome_of(server, 'call redelivered'), took, leaked))
    if server['status'] == 'ERROR':     # the call timed out first
        assert 'Timed out' in server['fault']['message'] or \
            'made no progress' in server['fault']['message'], server
    assert leaked == 'none'
    # A scheduler that came back schedules the next build.
    boot(cloud, 'sched-after')


# -- network ------------------------------------------------------------------

def test_network_killed_while_allocating(cloud):
    freeze(cloud, 'minova-network')
    sid = boot(cloud, 'alloc', wait=False)
    wait_for(lambda: task_state(cloud, sid) == 'networking',
             what='the networking task state')
    time.sleep(0.5)                  # allocate_for_instance is delivered
    kill(cloud, 'minova-network')
    started = time.monotonic()
    restart(cloud, 'minova-network')
    server, _took = settle(cloud, sid, ('ACTIVE', 'ERROR'), timeout=60)
    took = time.monotonic() - started
    if server['status'] == 'ERROR':
        assert 'Failed to allocate the network' in \
            server['fault']['message'], server
    else:
        assert addresses_of(cloud, sid)
    leaked = delete_and_check(cloud, sid)
    RESULTS.append(('kill -9 network', 'networking (allocate)',
                    outcome_of(server, 'call redelivered'), took, leaked))
    assert leaked == 'none'


def test_network_killed_while_deallocating(cloud):
    sid = boot(cloud, 'dealloc')
    assert addresses_of(cloud, sid)
    freeze(cloud, 'minova-network')
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    wait_for(lambda: sid not in guests(cloud)['guests'],
             what='the guest destroyed')     # then deallocate is called
    time.sleep(0.5)
    kill(cloud, 'minova-network')
    started = time.monotonic()
    restart(cloud, 'minova-network')
    wait_gone(cloud, sid, timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and leaks(cloud, [sid]) != 'none':
        time.sleep(0.5)
    took = time.monotonic() - started
    leaked = leaks(cloud, [sid])
    RESULTS.append(('kill -9 network', 'deleting (deallocate)', 'DELETED',
                    took, leaked))
    assert leaked == 'none'


# -- image API ----------------------------------------------------------------

def test_image_api_killed_while_a_create_looks_up_the_image(cloud):
    before = len(sql(cloud, "SELECT id FROM instances WHERE display_name = "
                     "'img-lookup'"))
    freeze(cloud, 'minova-image-api')
    answer = {}

    def create():
        answer['resp'] = cloud.api.post('/servers', {'server': {
            'name': 'img-lookup', 'imageRef': cloud.image['id'],
            'flavorRef': '8', 'networks': [{'uuid': cloud.net}]}})
    thread = threading.Thread(target=create)
    thread.start()
    time.sleep(1)                    # minova-api waits on the image show
    kill(cloud, 'minova-image-api')
    started = time.monotonic()
    thread.join(60)
    took = time.monotonic() - started
    restart(cloud, 'minova-image-api')
    cloud._wait_http(cloud.image_endpoint + '/')
    resp = answer['resp']
    rows = len(sql(cloud, "SELECT id FROM instances WHERE display_name = "
                   "'img-lookup'")) - before
    RESULTS.append(('kill -9 image-api', 'create (image show)',
                    '%d, %d row(s) left' % (resp.status_code, rows), took,
                    'none' if rows == 0 else '%d row(s)' % rows))
    assert resp.status_code == 503, resp.text
    [(kind, error)] = resp.json().items()
    assert error['code'] == 503 and error['message'], resp.text
    assert rows == 0
    # The image service is back: the same request builds a server.
    delete_and_check(cloud, boot(cloud, 'img-lookup-after'))


def image_status(cloud, image_id):
    resp = requests.get(
        cloud.image_endpoint + '/v2/images/%s' % image_id, timeout=10,
        headers={'X-Auth-Token': 'admin:admin'})
    return resp.json()['status'] if resp.status_code == 200 else \
        resp.status_code


def test_image_api_killed_while_a_snapshot_uploads(cloud):
    sid = boot(cloud, 'snap')
    # The API creates the image record, then the compute uploads to it:
    # the image service stops between the two.
    freeze(cloud, 'minova-compute-host1')
    resp = action(cloud, sid, {'createImage': {'name': 'snap-of-snap'}})
    image_id = resp.headers['Location'].rsplit('/', 1)[1]
    freeze(cloud, 'minova-image-api')
    thaw(cloud, 'minova-compute-host1')
    wait_for(lambda: task_state(cloud, sid) == 'image_uploading',
             what='the upload')
    time.sleep(0.5)                  # the compute's request hangs
    kill(cloud, 'minova-image-api')
    started = time.monotonic()
    restart(cloud, 'minova-image-api')
    server, _took = settle(cloud, sid, ('ACTIVE',), timeout=60)
    took = time.monotonic() - started
    cloud._wait_http(cloud.image_endpoint + '/')
    status = image_status(cloud, image_id)
    # Uploaded after all (the client retried), or given up and deleted;
    # an image left queued would be a leak.
    leaked = 'image %s' % status if status not in ('active', 404) \
        else 'none'
    RESULTS.append(('kill -9 image-api', 'image_uploading',
                    'ACTIVE, image %s' % status, took, leaked))
    assert server['OS-EXT-STS:power_state'] == 1
    assert leaked == 'none'
    if status == 'active':
        requests.delete(
            cloud.image_endpoint + '/v2/images/%s' % image_id, timeout=10,
            headers={'X-Auth-Token': 'admin:admin'})
    assert delete_and_check(cloud, sid) == 'none'


# -- at the end: nothing left over --------------------------------------------

def test_audit_finds_nothing_left_over(cloud):
    # A lost conductor queue lost the compute's pending calls too: its
    # heartbeat comes back once they time out.
    wait_for_heartbeat(cloud, 'host1', datetime.datetime.utcnow(),
                       timeout=90)
    proc = subprocess.run(cloud_lib.service_command('minova-manage') + [
        '--config-file', cloud.conf_path, 'audit'], capture_output=True,
        text=True, timeout=120)
    out = proc.stdout
    print(out)
    RESULTS.append(('minova-manage audit', '-', out.splitlines()[-1], 0.0,
                    'none'))
    assert proc.returncode == 0, out + proc.stderr
    assert out.strip().endswith('0 leftover(s) found, 0 fixed'), out


# -- libvirt: a real guest outlives its compute -------------------------------

def start_libvirt_cloud(make_cloud, **compute_defaults):
    """A cloud with libvirt (qemu) on host1 and the test image; returns it
    and the tag that starts its domains' names. ``compute_defaults`` go
    to host1's [DEFAULT]."""
    from tests.functional import test_libvirt as lv
    if lv.virsh('version', check=False).returncode != 0:
        pytest.fail('libvirtd is not reachable at %s' % lv.URI)
    build = subprocess.run([lv.BUILD, '--build-only'], capture_output=True,
                           text=True, timeout=900)
    assert build.returncode == 0, build.stderr
    tag = 'ftf%s' % os.urandom(3).hex()
    defaults = {'compute_driver': 'libvirt.LibvirtDriver',
                'running_deleted_instance_poll_interval': 2}
    defaults.update(compute_defaults)
    c = make_cloud(
        computes={'host1': {
            'DEFAULT': defaults,
            'libvirt': {'virt_type': 'qemu', 'shutdown_timeout': 0}}},
        conf={'DEFAULT': {'instance_name_template': tag + '-%08x',
                          'service_down_time': DOWN_TIME},
              'network': {'network_driver': 'noop'}})
    os.chmod(c.state_path, 0o755)
    c.create_flavor('lv', 'm1.libvirt', ram=128, disk=1, vcpus=1)
    proc = subprocess.run([lv.BUILD, '--endpoint', c.image_endpoint,
                           '--token', 'admin:admin'], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    c.test_image = dict(line.split('=', 1) for line in proc.stdout.split())
    c.api.version = c.admin.version = '2.37'
    return c, tag


def remove_libvirt_domains(tag):
    """Whatever failed, no domain of the cloud stays in libvirt."""
    from tests.functional import test_libvirt as lv
    for name in lv.virsh('list', '--all', '--name').stdout.split():
        if name.startswith(tag + '-'):
            lv.virsh('destroy', name, check=False)
            lv.virsh('undefine', name, check=False)


@pytest.fixture(scope='module')
def libvirt_cloud(make_cloud):
    c, tag = start_libvirt_cloud(make_cloud)
    yield c
    remove_libvirt_domains(tag)


@pytest.mark.slow
def test_libvirt_guest_deleted_while_its_compute_is_down(libvirt_cloud,
                                                         matrix):
    from tests.functional import test_libvirt as lv
    c = libvirt_cloud
    sid = c.boot(name='lv-local', imageRef=c.test_image['image_id'],
                 flavorRef='lv', networks='none')['server']['id']
    c.wait_for_server(sid, timeout=lv.BOOT_TIMEOUT)
    name = c.admin.get('/servers/%s' % sid).json()['server'][
        'OS-EXT-SRV-ATTR:instance_name']
    kill(c, 'minova-compute-host1')
    deadline = time.monotonic() + DOWN_TIME + 20
    while time.monotonic() < deadline:
        services = c.admin.get('/os-services?binary=minova-compute')
        if services.json()['services'][0]['state'] == 'down':
            break
        time.sleep(0.5)
    assert c.api.delete('/servers/%s' % sid).status_code == 204
    c.wait_for_deleted(sid)
    assert lv.domstate(name) == 'running'      # the guest outlived it
    started = time.monotonic()
    restart(c, 'minova-compute-host1')
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and lv.domstate(name) is not None:
        time.sleep(0.5)
    took = time.monotonic() - started
    left = []
    if lv.domstate(name) is not None:
        left.append('domain')
    if os.path.exists(os.path.join(c.state_path, 'instances', sid)):
        left.append('instance dir')
    RESULTS.append(('libvirt: compute down, DELETE', 'deleted (local)',
                    'domain reaped on return', took,
                    ', '.join(left) or 'none'))
    assert left == []
