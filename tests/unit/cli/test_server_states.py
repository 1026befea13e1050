"""The state, server data and quota commands against a stubbed HTTP
layer: the request each sends and what it prints."""

import json

import pytest

from minova.cli import wait
from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, server

S1 = COMPUTE + '/servers/s1'


def _session(extra=None):
    routes = {('GET', S1): (200, {'server': server()}),
              ('POST', S1 + '/action'): (202, None)}
    routes.update(extra or {})
    return fakes.FakeSession(routes)


def _posted(session):
    return [json.loads(r['body']) for r in
            session.sent('POST', S1 + '/action')]


@pytest.mark.parametrize('argv,body', [
    (['pause'], {'pause': None}),
    (['unpause'], {'unpause': None}),
    (['suspend'], {'suspend': None}),
    (['resume'], {'resume': None}),
    (['lock'], {'lock': None}),
    (['unlock'], {'unlock': None}),
    (['restore'], {'restore': None}),
    (['force-delete'], {'forceDelete': None}),
    (['trigger-crash-dump'], {'trigger_crash_dump': None}),
    (['reset-state'], {'os-resetState': {'state': 'error'}}),
    (['reset-state', '--active'], {'os-resetState': {'state': 'active'}}),
])
def test_state_actions_post_novas_bodies(argv, body):
    session = _session()
    code, out, err = fakes.run(session, *(argv + ['s1']))
    assert code == 0, err
    assert _posted(session) == [body]
    assert 'has been accepted' in out


def test_pause_waits_until_paused(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = _session({('GET', S1): [
        (200, {'server': server()}),
        (200, {'server': server(task='pausing')}),
        (200, {'server': server(status='PAUSED')})]})
    code, _out, err = fakes.run(session, 'pause', '--wait', 's1')
    assert code == 0, err
    assert 'PAUSED' in err


def test_a_refused_pause_is_one_line_and_exit_1():
    session = _session({('POST', S1 + '/action'): (409, {
        'conflictingRequest': {'code': 409, 'message':
                               "Cannot 'pause' instance s1 while it is "
                               "in vm_state stopped"}})})
    code, _out, err = fakes.run(session, 'pause', 's1')
    assert code == 1
    assert err.strip() == ("ERROR (Conflict): Cannot 'pause' instance s1 "
                           "while it is in vm_state stopped (HTTP 409)")


def test_meta_set_and_delete():
    session = _session({('POST', S1 + '/metadata'): (200, {'metadata': {}}),
                        ('DELETE', S1 + '/metadata/a'): (204, None),
                        ('DELETE', S1 + '/metadata/b'): (204, None)})
    assert fakes.run(session, 'meta', 's1', 'set', 'a=1', 'b=x=y')[0] == 0
    assert json.loads(session.sent('POST', S1 + '/metadata')[0]['body']) == \
        {'metadata': {'a': '1', 'b': 'x=y'}}
    assert fakes.run(session, 'meta', 's1', 'delete', 'a', 'b=2')[0] == 0
    assert session.sent('DELETE', S1 + '/metadata/a')
    assert session.sent('DELETE', S1 + '/metadata/b')


def test_server_tags():
    session = _session({
        ('PUT', S1 + '/tags/web'): (201, None),
        ('PUT', S1 + '/tags/a%20b'): (201, None),
        ('GET', S1 + '/tags'): (200, {'tags': ['web', 'a b']}),
        ('DELETE', S1 + '/tags/web'): (204, None),
        ('PUT', S1 + '/tags'): (200, {'tags': ['x']})})
    assert fakes.run(session, 'server-tag-add', 's1', 'web', 'a b')[0] == 0
    code, out, _err = fakes.run(session, 'server-tag-list', 's1', '-f',
                                'value')
    assert code == 0 and out.splitlines() == ['web', 'a b']
    assert fakes.run(session, 'server-tag-delete', 's1', 'web')[0] == 0
    assert fakes.run(session, 'server-tag-set', 's1', 'x')[0] == 0
    assert json.loads(session.sent('PUT', S1 + '/tags')[0]['body']) == \
        {'tags': ['x']}
    request = session.sent('GET', S1 + '/tags')[0]
    assert request['headers']['OpenStack-API-Version'] == 'compute 2.38'


def test_quota_show_of_the_current_project():
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/os-quota-sets/demo'): (200, {'quota_set': {
            'id': 'demo', 'instances': 10, 'key_pairs': 100}})})
    code, out, err = fakes.run(session, 'quota-show', '-f', 'value')
    assert code == 0, err
    assert out.splitlines() == ['instances 10', 'key_pairs 100']


def test_quota_update_sends_only_what_is_given():
    url = COMPUTE + '/os-quota-sets/p1'
    session = fakes.FakeSession({('PUT', url): (200, {'quota_set': {
        'instances': 3, 'cores': 20}})})
    code, _out, err = fakes.run(session, 'quota-update', 'p1',
                                '--instances', '3', '--user', 'u1',
                                '--force')
    assert code == 0, err
    request = session.sent('PUT', url)[0]
    assert json.loads(request['body']) == {'quota_set': {'instances': 3,
                                                         'force': True}}
    assert request['query'] == {'user_id': 'u1'}


def test_usage_list():
    url = COMPUTE + '/os-simple-tenant-usage'
    session = fakes.FakeSession({('GET', url): (200, {'tenant_usages': [{
        'tenant_id': 'p1', 'total_memory_mb_usage': 1024.0,
        'total_vcpus_usage': 2.5, 'total_local_gb_usage': 10.0,
        'total_hours': 2.5, 'server_usages': [{}, {}]}]})})
    code, out, err = fakes.run(session, 'usage-list', '--start',
                               '2026-11-01', '-f', 'value')
    assert code == 0, err
    assert out.split() == ['p1', '2', '1024.00', '2.50', '10.00']
    query = session.sent('GET', url)[0]['query']
    assert query['start'] == '2026-11-01T00:00:00'
    assert query['detailed'] == '1' and 'end' in query


def test_usage_list_bad_date():
    code, _out, err = fakes.run(fakes.FakeSession(), 'usage-list',
                                '--start', 'soon')
    assert code == 1 and err.startswith('ERROR (CommandError)')
