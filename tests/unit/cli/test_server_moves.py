"""minova resize, resize-confirm, resize-revert, migrate, evacuate and
migration-list against a fake compute API."""

import json

from minova.cli import wait
from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, server

ACTION = COMPUTE + '/servers/s1/action'


def _routes(extra=None):
    routes = {
        ('GET', COMPUTE + '/servers/vm1'): (404, {'itemNotFound': {
            'message': 'no'}}),
        ('GET', COMPUTE + '/servers/detail'): (200, {'servers': [server()]}),
        ('GET', COMPUTE + '/flavors/m1.small'): (404, {'itemNotFound': {
            'message': 'no'}}),
        ('GET', COMPUTE + '/flavors/detail'): (200, {'flavors': [
            {'id': '2', 'name': 'm1.small'}]}),
        ('POST', ACTION): (202, None),
    }
    routes.update(extra or {})
    return routes


def _sent(session):
    return [json.loads(r['body']) for r in session.sent('POST', ACTION)]


def test_resize_poll_follows_the_task_states(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_routes({
        ('GET', COMPUTE + '/servers/s1'): [
            (200, {'server': server(status='RESIZE', task='resize_prep')}),
            (200, {'server': server(status='RESIZE',
                                    task='resize_migrating')}),
            (200, {'server': server(status='VERIFY_RESIZE')})]}))
    code, _out, err = fakes.run(session, 'resize', 'vm1', 'm1.small',
                                '--poll')
    assert code == 0, err
    assert _sent(session) == [{'resize': {'flavorRef': '2'}}]
    assert 'VERIFY_RESIZE' in err and '100%' in err


def test_resize_poll_fails_on_error(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_routes({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server(
            status='ERROR', fault={'message': 'disk arrived damaged'})})}))
    code, _out, err = fakes.run(session, 'resize', 'vm1', 'm1.small',
                                '--poll')
    assert code == 1 and 'disk arrived damaged' in err


def test_confirm_revert_migrate_bodies():
    session = fakes.FakeSession(_routes())
    for argv in (('resize-confirm', 'vm1'), ('resize-revert', 'vm1'),
                 ('migrate', 'vm1')):
        code, _out, err = fakes.run(session, *argv)
        assert code == 0, err
    assert _sent(session) == [{'confirmResize': None},
                              {'revertResize': None}, {'migrate': None}]


def test_evacuate_bodies_by_version():
    session = fakes.FakeSession(_routes())
    code, _out, err = fakes.run(session, 'evacuate', 'vm1', 'host2',
                                '--force', '--password', 'pw')
    assert code == 0, err
    old = fakes.FakeSession(_routes({('POST', ACTION): (
        200, {'adminPass': 'pw2'})}), max_version='2.13')
    code, out, err = fakes.run(old, 'evacuate', 'vm1')
    assert code == 0, err
    assert 'adminPass: pw2' in out
    assert _sent(session) == [{'evacuate': {'host': 'host2',
                                            'adminPass': 'pw',
                                            'force': True}}]
    assert _sent(old) == [{'evacuate': {'onSharedStorage': False}}]


def test_migration_list_columns_and_filters():
    migration = {'id': 7, 'source_node': 'host1', 'dest_node': 'host2',
                 'source_compute': 'host1', 'dest_compute': 'host2',
                 'dest_host': 'host2', 'status': 'finished',
                 'instance_uuid': 's1', 'old_instance_type_id': 1,
                 'new_instance_type_id': 2, 'migration_type': 'resize',
                 'created_at': 'x', 'updated_at': 'y'}
    session = fakes.FakeSession({('GET', COMPUTE + '/os-migrations'): (
        200, {'migrations': [migration]})})
    code, out, err = fakes.run(session, 'migration-list', '--host',
                               'host1', '--json')
    assert code == 0, err
    [row] = json.loads(out)
    assert (row['Id'], row['Status'], row['Type']) == (
        7, 'finished', 'resize')
    assert session.sent('GET', COMPUTE + '/os-migrations')[0]['query'] == \
        {'host': 'host1'}
