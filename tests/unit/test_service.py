"""minova.service: the service record, its heartbeat, periodic tasks, and
a compute-style service that has no database."""

import oslo_messaging as messaging
import pytest

import minova.db
from minova import concurrency
from minova import context as minova_context
from minova.db import session as db_session
from minova import exception
from minova import manager
from minova import objects
from minova.objects import base as objects_base
from minova import service


class Manager:
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.init_host_calls = []

    def init_host(self, context):
        self.init_host_calls.append(context)

    def ping(self, context):
        return 'pong'


@pytest.fixture
def direct_objects(monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)


def _service(manager=None, **kwargs):
    manager = manager or Manager()
    return service.Service('minova-test', 'test', [manager], host='h1',
                           manager=manager, **kwargs)


def _record():
    return objects.Service.get_by_host_and_binary(
        minova_context.get_admin_context(), 'h1', 'minova-test')


def test_start_records_the_service_and_inits_the_host(db, direct_objects):
    manager = Manager()
    svc = _service(manager)
    svc.start()
    try:
        record = _record()
        assert record.id == svc.service_ref.id
        assert (record.topic, record.report_count) == ('test', 0)
        assert len(manager.init_host_calls) == 1
        assert manager.init_host_calls[0].is_admin
    finally:
        svc.stop()


def test_restart_reuses_the_record(db, direct_objects):
    first = _service()
    first.start()
    first.stop()
    second = _service()
    second.start()
    second.stop()
    assert second.service_ref.id == first.service_ref.id
    assert len(objects.ServiceList.get_all(
        minova_context.get_admin_context())) == 1


def test_heartbeat_bumps_report_count(db, direct_objects):
    svc = _service()
    svc.start()
    try:
        ctx = minova_context.get_admin_context()
        svc._heartbeat(ctx)
        svc._heartbeat(ctx)
        assert _record().report_count == 2
        assert _record().is_up()
    finally:
        svc.stop()


class FlakyManager(manager.Manager):
    """A periodic task that fails once, one that is turned off, one on a
    fixed spacing."""

    def __init__(self):
        self.runs = []
        self.off_runs = []
        super().__init__()

    @manager.periodic('report_interval')
    def flaky(self, context):
        self.runs.append(context)
        if len(self.runs) == 1:
            raise RuntimeError('conductor restarting')

    @manager.periodic('network.host_sync_interval')
    def turned_off(self, context):
        self.off_runs.append(context)


def test_intervals_come_from_the_options(conf):
    conf.config(report_interval=7)
    conf.config(host_sync_interval=0, group='network')
    tasks = FlakyManager()
    assert [name for name, _task in tasks._periodic_tasks] == ['flaky']
    assert tasks._periodic_spacing['flaky'] == 7
    # The class keeps every task: another instance may enable it.
    assert len(FlakyManager._periodic_tasks) == 2


def test_periodic_tasks_survive_a_failure(db, direct_objects, conf):
    conf.config(report_interval=1)
    conf.config(host_sync_interval=0, group='network')
    tasks = FlakyManager()
    tasks._periodic_spacing['flaky'] = 0.01
    svc = _service(tasks)
    svc.start()
    try:
        for _ in range(200):
            concurrency.sleep(0.01)
            if len(tasks.runs) >= 3:
                break
        assert len(tasks.runs) >= 3      # kept going after the failure
        assert tasks.off_runs == []
        assert tasks.runs[0].is_admin
        assert len(svc.tg.timers) == 2   # heartbeat + periodic tasks
    finally:
        svc.stop()
    assert svc.tg.timers == []
    stopped_at = len(tasks.runs)
    concurrency.sleep(0.05)
    assert len(tasks.runs) == stopped_at


def test_a_failed_heartbeat_keeps_the_timer(db, direct_objects, conf,
                                            monkeypatch):
    svc = _service()
    svc.start()
    try:
        beats = []

        def heartbeat():
            beats.append(1)
            raise exception.DBNotConfigured()
        monkeypatch.setattr(svc.service_ref, 'heartbeat', heartbeat)
        svc._heartbeat(minova_context.get_admin_context())
        assert beats == [1]
    finally:
        svc.stop()


def test_reset_reaches_the_manager(db, direct_objects):
    resets = []
    tasks = Manager()
    tasks.reset = lambda: resets.append(True)
    _service(tasks).reset()
    assert resets == [True]


# -- compute: no database -----------------------------------------------------

@pytest.fixture
def no_database(monkeypatch, conf):
    """As minova-compute runs: no connection, the database forbidden."""
    db_session.dispose()
    monkeypatch.setattr(minova.db, '_forbidden', False)
    minova.db.forbid_database()
    conf.config(connection=None, group='database')
    yield
    db_session.dispose()


class RecordingIndirection:
    """Stands in for the conductor: answers from memory, remembers what
    it was asked."""

    def __init__(self):
        self.calls = []

    def wait_until_ready(self, context):
        self.calls.append(('conductor', 'ping'))

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        self.calls.append((objname, objmethod))
        return None                      # no record yet

    def object_action(self, context, objinst, objmethod, args, kwargs):
        self.calls.append((objinst.obj_name(), objmethod))
        report_count = objinst.report_count + 1 \
            if objmethod == 'heartbeat' else 0
        return {'id': 7, 'report_count': report_count}, None


def test_compute_style_service_without_indirection_fails(no_database,
                                                         direct_objects):
    with pytest.raises(exception.DBNotConfigured):
        _service().start()
    with pytest.raises(exception.DBNotConfigured):
        objects.ServiceList.get_all(minova_context.get_admin_context())


def test_compute_style_service_goes_through_the_conductor(no_database,
                                                          monkeypatch):
    conductor = RecordingIndirection()
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api',
                        conductor)
    svc = _service()
    svc.start()
    try:
        svc._heartbeat(minova_context.get_admin_context())
    finally:
        svc.stop()
    assert conductor.calls == [('conductor', 'ping'),
                               ('Service', 'get_by_host_and_binary'),
                               ('Service', 'create'),
                               ('Service', 'heartbeat')]
    assert (svc.service_ref.id, svc.service_ref.report_count) == (7, 1)
    # Any direct use of the database still fails loudly.
    with pytest.raises(exception.DBNotConfigured):
        with db_session.session_scope():
            pass
