"""Failure paths of the build: reschedule to another host, give up after
max_attempts, and a compute host that has no database at all."""

import time

import oslo_messaging as messaging
from oslo_config import cfg
import pytest

from tests.functional import cloud as cloud_lib


@pytest.fixture(scope='module')
def cloud(make_cloud):
    # host1 has the most free RAM, so the RAM weigher tries it first; it
    # fails every spawn of a server named "flaky". host3 fails everything.
    # The computes are given a database URL that cannot work: they must
    # never use it.
    no_db = {'database': {'connection':
                          'mysql+pymysql://nobody@127.0.0.1:1/none'}}
    c = make_cloud(
        db_backend='postgresql',
        computes={
            'host1': dict(no_db, fake_driver={
                'memory_mb': 32768, 'fail_spawn_for_names': 'flaky'}),
            'host2': dict(no_db, fake_driver={'memory_mb': 16384}),
            'host3': dict(no_db, fake_driver={'memory_mb': 8192,
                                               'fail_all_spawns': True}),
        },
        conf={'scheduler': {'max_attempts': 3}})
    c.create_flavor('8', 'm1.eight', ram=128, disk=1, vcpus=1)
    c.image = c.create_image()
    return c


def _host(cloud, server_id):
    return cloud.admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def test_failed_spawn_is_rescheduled_to_another_host(cloud):
    sid = cloud.boot(name='flaky', imageRef=cloud.image['id'],
                     flavorRef='8')['server']['id']
    server = cloud.wait_for_server(sid)
    assert server['status'] == 'ACTIVE'
    assert _host(cloud, sid) == 'host2'
    actions = cloud.admin.get('/servers/%s/os-instance-actions' % sid)
    create = actions.json()['instanceActions'][-1]
    events = cloud.admin.get('/servers/%s/os-instance-actions/%s' % (
        sid, create['request_id'])).json()['instanceAction']['events']
    builds = [e for e in events
              if e['event'] == 'compute__do_build_and_run_instance']
    # One build event per host tried; the first host gave its claim back.
    assert len(builds) == 2
    log = cloud.processes['minova-compute-host1'].log()
    assert 'rescheduling' in log and sid in log


def test_every_host_failing_ends_in_error_after_max_attempts(cloud):
    # Only host3 is left for this name once host1 and host2 are excluded:
    # disable host2 so host1 (fails "flaky") and host3 (fails all) are
    # the candidates, and two attempts cannot succeed.
    resp = cloud.admin.put('/os-services/disable',
                           {'host': 'host2', 'binary': 'minova-compute'})
    assert resp.status_code == 200, resp.text
    try:
        sid = cloud.boot(name='flaky', imageRef=cloud.image['id'],
                         flavorRef='8')['server']['id']
        server = cloud.wait_for_server(sid, ('ERROR',))
        # ERROR is saved a moment before its fault: until then the server
        # shows the last reschedule's fault.
        deadline = time.monotonic() + 10
        while 're-scheduled' in server['fault']['message'] and \
                time.monotonic() < deadline:
            time.sleep(0.1)
            server = cloud.api.get('/servers/%s' % sid).json()['server']
    finally:
        cloud.admin.put('/os-services/enable',
                        {'host': 'host2', 'binary': 'minova-compute'})
    assert server['fault']['code'] == 500
    assert 'No valid host' in server['fault']['message'] or \
        'retries' in server['fault']['message']
    assert server['OS-EXT-STS:task_state'] is None
    admin_view = cloud.admin.get('/servers/%s' % sid).json()['server']
    assert admin_view['OS-EXT-SRV-ATTR:host'] is None


def test_compute_without_database_builds_and_reports(cloud):
    """The computes above run with an unusable [database] connection and
    still register, heartbeat, report resources and build servers: every
    DB access of theirs goes through the conductor."""
    hypervisors = cloud.admin.get('/os-hypervisors/detail').json()[
        'hypervisors']
    by_host = {h['service']['host']: h for h in hypervisors}
    assert by_host['host1']['memory_mb'] == 32768
    assert by_host['host3']['state'] == 'up'
    services = cloud.admin.get('/os-services?binary=minova-compute').json()
    assert {s['host'] for s in services['services']
            if s['state'] == 'up'} == {'host1', 'host2', 'host3'}
    for name in ('host1', 'host2', 'host3'):
        log = cloud.processes['minova-compute-%s' % name].log()
        assert 'nobody@127.0.0.1:1' not in log
        assert 'OperationalError' not in log


def test_delete_and_reboot_go_to_the_host_that_has_the_instance(cloud):
    sid = cloud.boot(name='pinned', imageRef=cloud.image['id'],
                     flavorRef='8')['server']['id']
    cloud.wait_for_server(sid)
    host = _host(cloud, sid)
    resp = cloud.api.post('/servers/%s/action' % sid,
                          {'reboot': {'type': 'HARD'}})
    assert resp.status_code == 202
    cloud.wait_for_server(sid)
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    cloud.wait_for_deleted(sid)
    # The compute logs the end of the delete after the row is gone (the
    # API already says so): give the line a moment.
    compute = cloud.processes['minova-compute-%s' % host]
    deadline = time.monotonic() + 10
    while 'Terminated instance' not in compute.log() and \
            time.monotonic() < deadline:
        time.sleep(0.1)
    log = compute.log()
    assert 'Terminated instance' in log and sid in log


class _Collector:
    def __init__(self):
        self.events = []

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self.events.append((event_type, publisher_id, payload))

    error = info


def test_notifications_for_create_and_delete(cloud):
    conf = cfg.ConfigOpts()
    transport = messaging.get_notification_transport(
        conf, url='rabbit://%s/%s' % (cloud_lib.RABBIT, cloud.vhost))
    collector = _Collector()
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic='notifications')], [collector],
        executor='threading')
    listener.start()
    try:
        sid = cloud.boot(name='noisy', imageRef=cloud.image['id'],
                         flavorRef='8')['server']['id']
        cloud.wait_for_server(sid)
        cloud.api.delete('/servers/%s' % sid)
        cloud.wait_for_deleted(sid)
        deadline = time.monotonic() + 15
        wanted = ['instance.create.start', 'instance.create.end',
                  'instance.delete.start', 'instance.delete.end']
        while time.monotonic() < deadline:
            mine = [e for e, _p, payload in collector.events
                    if payload.get('uuid') == sid]
            if all(w in mine for w in wanted):
                break
            time.sleep(0.2)
        assert [e for e in mine if e in wanted] == wanted
        publisher = [p for e, p, payload in collector.events
                     if e == 'instance.create.end' and
                     payload.get('uuid') == sid][0]
        assert publisher.startswith('minova-compute:host')
    finally:
        listener.stop()
        listener.wait()
        transport.cleanup()
