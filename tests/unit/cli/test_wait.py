"""--poll / --wait: progress only goes forward, every named server is
waited for at once, and a server that ends badly makes the exit code 1."""

import re

import pytest

from minova.cli import wait
from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, server
from tests.unit.cli.test_servers import _boot_routes


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)


def percents(err):
    return [int(p) for p in re.findall(r'(\d+)%', err)]


def action_routes(*names, polls=None):
    """Servers s1.. named ``names`` (found by name in the listing), their
    action and delete URLs, and ``polls[name]``: the answers of their
    GETs."""
    listing = [server(name, server_id='s%d' % n)
               for n, name in enumerate(names, 1)]
    routes = {('GET', COMPUTE + '/servers/detail'): (
        200, {'servers': listing})}
    for n, name in enumerate(names, 1):
        url = COMPUTE + '/servers/s%d' % n
        routes[('GET', url)] = list((polls or {}).get(name, ())) or [
            (200, {'server': listing[n - 1]})]
        routes[('POST', url + '/action')] = (202, None)
        routes[('DELETE', url)] = (204, None)
    return routes


def test_boot_poll_exits_1_on_error_with_the_fault():
    failed = server(status='ERROR', fault={'message': 'No valid host'})
    session = fakes.FakeSession(_boot_routes({
        ('GET', COMPUTE + '/servers/s1'): [
            (200, {'server': server(status='BUILD', task='scheduling')}),
            (200, {'server': failed})]}))
    code, out, err = fakes.run(session, 'boot', 'vm1', '--flavor',
                               'm1.nano', '--image', 'cirros', '--poll')
    assert code == 1
    assert err.splitlines()[-1] == 'Error building server s1: No valid host'
    assert 'ERROR' in out   # the server is still shown


def test_boot_without_poll_does_not_judge_the_status():
    session = fakes.FakeSession(_boot_routes({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server(
            status='ERROR')})}))
    code, _, _ = fakes.run(session, 'boot', 'vm1', '--flavor', 'm1.nano',
                           '--image', 'cirros')
    assert code == 0


def test_multi_create_progress_never_goes_back():
    """Between scheduling and networking a build has no task state."""
    polls = [
        [server('m-1', 'BUILD', 'scheduling'),
         server('m-2', 'BUILD', 'scheduling', server_id='s2')],
        [server('m-1', 'BUILD', None),
         server('m-2', 'BUILD', None, server_id='s2')],
        [server('m-1', 'BUILD', 'spawning'),
         server('m-2', 'BUILD', 'networking', server_id='s2')],
        [server('m-1'), server('m-2', server_id='s2')]]
    session = fakes.FakeSession(_boot_routes({
        ('POST', COMPUTE + '/servers'): (202, {'reservation_id': 'r-1'}),
        ('GET', COMPUTE + '/servers/detail'): [
            (200, {'servers': p}) for p in polls]}))
    code, _, err = fakes.run(session, 'boot', 'm', '--flavor', 'm1.nano',
                             '--image', 'cirros', '--min-count', '2',
                             '--max-count', '2', '--poll')
    assert code == 0, err
    # Off a terminal a line is printed when it changes: the second poll
    # (no task state) did not.
    assert percents(err) == [20, 60, 100]
    assert '2 servers: 2 ACTIVE' in err.splitlines()[-1]


def test_multi_create_exits_1_when_one_server_fails():
    failed = server('m-2', 'ERROR', server_id='s2',
                    fault={'message': 'disk too small'})
    session = fakes.FakeSession(_boot_routes({
        ('POST', COMPUTE + '/servers'): (202, {'reservation_id': 'r-1'}),
        ('GET', COMPUTE + '/servers/detail'): (200, {'servers': [
            server('m-1'), failed]})}))
    code, out, err = fakes.run(session, 'boot', 'm', '--flavor', 'm1.nano',
                               '--image', 'cirros', '--min-count', '2',
                               '--max-count', '2', '--poll')
    assert code == 1
    assert 'Error building server s2: disk too small' in err
    assert 's2 m-2 ERROR' in out


def test_hard_reboot_progress_starts_where_the_reboot_is():
    session = fakes.FakeSession(action_routes('vm1', polls={'vm1': [
        (200, {'server': server(status='HARD_REBOOT',
                                task='rebooting_hard')}),
        (200, {'server': server(status='HARD_REBOOT',
                                task='reboot_started_hard')}),
        (200, {'server': server()})]}))
    code, out, err = fakes.run(session, 'reboot', '--hard', '--poll', 'vm1')
    assert code == 0, err
    assert 'has been accepted' in out
    assert percents(err) == [25, 75, 100]
    assert 'HARD_REBOOT' in err.splitlines()[0]


def test_stop_and_start_wait():
    session = fakes.FakeSession(action_routes('vm1', polls={'vm1': [
        (200, {'server': server(task='powering-off')}),
        (200, {'server': server(status='SHUTOFF')})]}))
    code, _, err = fakes.run(session, 'stop', '--wait', 'vm1')
    assert code == 0, err
    assert percents(err) == [50, 100]
    assert 'SHUTOFF' in err.splitlines()[-1]
    session = fakes.FakeSession(action_routes('vm1', polls={'vm1': [
        (200, {'server': server(status='SHUTOFF', task='powering-on')}),
        (200, {'server': server()})]}))
    code, _, err = fakes.run(session, 'start', '--poll', 'vm1')
    assert code == 0, err
    assert percents(err) == [50, 100]


def test_stop_wait_exits_1_when_the_server_ends_in_error():
    session = fakes.FakeSession(action_routes('vm1', polls={'vm1': [
        (200, {'server': server(status='ERROR', server_id='s1', fault={
            'message': 'libvirt said no'})})]}))
    code, _, err = fakes.run(session, 'stop', '--wait', 'vm1')
    assert code == 1
    assert err.splitlines()[-1] == 'Error stopping server s1: libvirt said no'


def test_a_stop_that_leaves_the_server_running_is_a_failure():
    session = fakes.FakeSession(action_routes('vm1', polls={'vm1': [
        (200, {'server': server()})]}))
    code, _, err = fakes.run(session, 'stop', '--wait', 'vm1')
    assert code == 1
    assert err.splitlines()[-1] == 'Server vm1 is ACTIVE, not SHUTOFF'


def test_delete_wait_sends_every_delete_then_waits_for_all():
    gone = (404, {'itemNotFound': {'message': 'gone'}})
    deleting = {'server': server(task='deleting')}
    session = fakes.FakeSession(action_routes('a', 'b', 'c', polls={
        'a': [gone], 'b': [(200, deleting), gone],
        'c': [(200, deleting), (200, deleting), gone]}))
    code, out, err = fakes.run(session, 'delete', '--wait', 'a', 'b', 'c')
    assert code == 0, err
    assert out.count('has been accepted') == 3
    methods = [r['method'] for r in session.requests
               if r['url'] != COMPUTE + '/']   # not the version document
    last_delete = max(i for i, m in enumerate(methods) if m == 'DELETE')
    # find by id (404), find by name, delete; for each; then the polls.
    assert methods[:last_delete + 1] == ['GET', 'GET', 'DELETE'] * 3
    lines = err.splitlines()
    assert lines[0].startswith('3 servers: 2 ACTIVE, 1 deleted')
    assert lines[-1].startswith('3 servers: 3 deleted')
    assert percents(err) == [66, 83, 100]


def test_delete_wait_names_the_server_that_went_to_error():
    failed = {'server': server('b', 'ERROR', server_id='s2',
                               fault={'message': 'disk busy'})}
    session = fakes.FakeSession(action_routes('a', 'b', polls={
        'a': [(404, {})], 'b': [(200, failed)]}))
    code, _, err = fakes.run(session, 'delete', '--wait', 'a', 'b')
    assert code == 1
    assert 'Error deleting server s2: disk busy' in err
    assert err.splitlines()[-1] == 'ERROR: unable to delete: b'
