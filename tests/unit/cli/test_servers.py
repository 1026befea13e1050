import base64
import json

from minova.cli import wait
from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, IMAGE, server


def _boot_routes(extra=None):
    routes = {
        ('GET', COMPUTE + '/flavors/m1.nano'): (404, {'itemNotFound': {
            'message': 'Flavor m1.nano could not be found.'}}),
        ('GET', COMPUTE + '/flavors/detail'): (200, {'flavors': [
            {'id': '42', 'name': 'm1.nano'}]}),
        ('GET', IMAGE + '/v2/images/cirros'): (404, {'message': 'nope'}),
        ('GET', IMAGE + '/v2/images'): (200, {'images': [
            {'id': 'img1', 'name': 'cirros'}]}),
        ('POST', COMPUTE + '/servers'): (202, {'server': {
            'id': 's1', 'adminPass': 'secret'}}),
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()}),
    }
    routes.update(extra or {})
    return routes


def test_list_shows_a_novaclient_table():
    session = fakes.FakeSession({('GET', COMPUTE + '/servers/detail'): (
        200, {'servers': [server(), server('vm2', 'SHUTOFF',
                                           server_id='s2')]})})
    code, out, err = fakes.run(session, 'list')
    assert code == 0, err
    assert 'Task State' in out and 'Power State' in out
    assert 'private=10.0.0.3' in out and 'Running' in out
    assert 'vm2' in out and 'SHUTOFF' in out
    request = session.sent('GET', COMPUTE + '/servers/detail')[0]
    assert request['headers']['X-Auth-Token'] == 'demo:demo'
    assert request['headers']['OpenStack-API-Version'] == 'compute 2.38'


def test_list_json_on_the_command_or_before_it():
    session = fakes.FakeSession({('GET', COMPUTE + '/servers/detail'): (
        200, {'servers': [server()]})})
    for argv in (('list', '--json'), ('--json', 'list')):
        code, out, _ = fakes.run(session, *argv)
        assert code == 0
        assert json.loads(out)[0]['Name'] == 'vm1'


def test_list_all_tenants_filters_and_adds_the_project():
    session = fakes.FakeSession({('GET', COMPUTE + '/servers/detail'): (
        200, {'servers': [server()]})})
    code, out, _ = fakes.run(session, 'list', '--all-tenants',
                             '--status', 'ACTIVE')
    assert code == 0 and 'Tenant ID' in out
    query = session.sent('GET', COMPUTE + '/servers/detail')[0]['query']
    assert query == {'all_tenants': '1', 'status': 'ACTIVE'}


def test_show_by_name_falls_back_to_the_list():
    session = fakes.FakeSession({('GET', COMPUTE + '/servers/detail'): (
        200, {'servers': [server('vm10', server_id='x'), server()]})})
    code, out, _ = fakes.run(session, 'show', 'vm1', '--json')
    assert code == 0
    shown = json.loads(out)
    assert shown['id'] == 's1' and shown['private network'] == '10.0.0.3'
    assert shown['flavor'] == '42' and shown['image'] == 'img1'
    assert shown['OS-EXT-STS:power_state'] == 'Running'
    assert 'links' not in shown


def test_show_unknown_server_is_one_line_and_exit_1():
    session = fakes.FakeSession({('GET', COMPUTE + '/servers/detail'): (
        200, {'servers': []})})
    code, out, err = fakes.run(session, 'show', 'nosuch')
    assert code == 1 and out == ''
    assert err == ("ERROR (CommandError): No server with a name or ID of "
                   "'nosuch' exists.\n")


def test_boot_sends_what_novaclient_sends(tmp_path):
    user_data = tmp_path / 'ud'
    user_data.write_text('#!/bin/sh\necho hi\n')
    session = fakes.FakeSession(_boot_routes())
    code, out, err = fakes.run(
        session, 'boot', 'vm1', '--flavor', 'm1.nano', '--image', 'cirros',
        '--key-name', 'k', '--nic', 'net-id=n1,v4-fixed-ip=10.0.0.9',
        '--user-data', str(user_data), '--availability-zone', 'nova',
        '--hint', 'group=g1', '--hint', 'same_host=a',
        '--hint', 'same_host=b', '--json')
    assert code == 0, err
    body = json.loads(session.sent('POST', COMPUTE + '/servers')[0]['body'])
    assert body['server'] == {
        'name': 'vm1', 'imageRef': 'img1', 'flavorRef': '42',
        'key_name': 'k', 'availability_zone': 'nova',
        'networks': [{'uuid': 'n1', 'fixed_ip': '10.0.0.9'}],
        'user_data': base64.b64encode(b'#!/bin/sh\necho hi\n').decode()}
    assert body['os:scheduler_hints'] == {'group': 'g1',
                                          'same_host': ['a', 'b']}
    shown = json.loads(out)
    assert shown['adminPass'] == 'secret' and shown['status'] == 'ACTIVE'


def test_boot_without_nic_asks_for_auto_from_2_37():
    session = fakes.FakeSession(_boot_routes())
    fakes.run(session, 'boot', 'vm1', '--flavor', 'm1.nano',
              '--image', 'cirros')
    body = json.loads(session.sent('POST', COMPUTE + '/servers')[0]['body'])
    assert body['server']['networks'] == 'auto'
    session = fakes.FakeSession(_boot_routes(), max_version='2.36')
    fakes.run(session, 'boot', 'vm1', '--flavor', 'm1.nano',
              '--image', 'cirros')
    body = json.loads(session.sent('POST', COMPUTE + '/servers')[0]['body'])
    assert 'networks' not in body['server']


def test_boot_poll_shows_progress_until_active(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_boot_routes({
        ('GET', COMPUTE + '/servers/s1'): [
            (200, {'server': server(status='BUILD', task='scheduling')}),
            (200, {'server': server(status='BUILD', task='spawning')}),
            (200, {'server': server()})]}))
    code, out, err = fakes.run(session, 'boot', 'vm1', '--flavor',
                               'm1.nano', '--image', 'cirros', '--poll')
    assert code == 0
    lines = err.splitlines()
    assert 'BUILD' in lines[0] and 'scheduling' in lines[0]
    assert '20%' in lines[0]
    assert 'spawning' in lines[1] and '80%' in lines[1]
    assert 'ACTIVE' in lines[2] and '100%' in lines[2]
    assert 'ACTIVE' in out


def test_boot_poll_reports_the_fault_of_an_error(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    failed = server(status='ERROR', fault={'message': 'No valid host'})
    session = fakes.FakeSession(_boot_routes({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': failed})}))
    code, out, err = fakes.run(session, 'boot', 'vm1', '--flavor',
                               'm1.nano', '--image', 'cirros', '--poll')
    assert 'Error building server s1: No valid host' in err
    assert 'ERROR' in out


def test_multi_create_polls_the_whole_reservation(monkeypatch):
    monkeypatch.setattr(wait, 'POLL_INTERVAL', 0)
    session = fakes.FakeSession(_boot_routes({
        ('POST', COMPUTE + '/servers'): (202, {'reservation_id': 'r-1'}),
        ('GET', COMPUTE + '/servers/detail'): [
            (200, {'servers': [server('m-1', 'BUILD', 'spawning'),
                               server('m-2', 'ACTIVE', server_id='s2')]}),
            (200, {'servers': [server('m-1'),
                               server('m-2', server_id='s2')]})]}))
    code, out, err = fakes.run(session, 'boot', 'm', '--flavor', 'm1.nano',
                               '--image', 'cirros', '--min-count', '2',
                               '--max-count', '2', '--poll', '--json')
    assert code == 0, err
    body = json.loads(session.sent('POST', COMPUTE + '/servers')[0]['body'])
    assert body['server']['return_reservation_id'] is True
    assert body['server']['min_count'] == 2
    assert '2 servers: 1 ACTIVE, 1 BUILD' in err
    shown = json.loads(out)
    assert shown['reservation_id'] == 'r-1'
    assert shown['servers'] == 's1 m-1 ACTIVE\ns2 m-2 ACTIVE'
    query = session.sent('GET', COMPUTE + '/servers/detail')[0]['query']
    assert query == {'reservation_id': 'r-1'}


def test_bad_nic_is_a_clear_error():
    session = fakes.FakeSession(_boot_routes())
    code, _, err = fakes.run(session, 'boot', 'vm1', '--flavor', 'm1.nano',
                             '--image', 'cirros', '--nic', 'v4-fixed-ip=1')
    assert code == 1
    assert err.startswith('ERROR (CommandError): --nic expects net-id=')
    assert not session.sent('POST', COMPUTE + '/servers')


def test_actions_post_nova_bodies():
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()}),
        ('POST', COMPUTE + '/servers/s1/action'): (202, None)})
    for argv, body in ((('reboot', 's1'), {'reboot': {'type': 'SOFT'}}),
                       (('reboot', '--hard', 's1'),
                        {'reboot': {'type': 'HARD'}}),
                       (('stop', 's1'), {'os-stop': None}),
                       (('start', 's1'), {'os-start': None})):
        code, out, _ = fakes.run(session, *argv)
        assert code == 0 and 'has been accepted' in out
        sent = session.sent('POST', COMPUTE + '/servers/s1/action')[-1]
        assert json.loads(sent['body']) == body


def test_conflict_is_one_line_with_the_request_id():
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()}),
        ('POST', COMPUTE + '/servers/s1/action'): (409, {
            'conflictingRequest': {'code': 409, 'message':
                                   'Cannot stop while it is in vm_state '
                                   'stopped'}},
            {'x-openstack-request-id': 'req-1'})})
    code, _, err = fakes.run(session, 'stop', 's1')
    assert code == 1
    assert err == ('ERROR (Conflict): Cannot stop while it is in vm_state '
                   'stopped (HTTP 409) (Request-ID: req-1)\n')


def test_delete_many_reports_each_failure():
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()}),
        ('DELETE', COMPUTE + '/servers/s1'): (204, None),
        ('GET', COMPUTE + '/servers/detail'): (200, {'servers': []})})
    code, out, err = fakes.run(session, 'delete', 's1', 'gone')
    assert code == 1
    assert 'Request to delete server s1 has been accepted.' in out
    assert "No server with a name or ID of 'gone'" in err
    assert err.splitlines()[-1] == 'ERROR: unable to delete: gone'


def test_console_log_and_instance_actions():
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/servers/s1'): (200, {'server': server()}),
        ('POST', COMPUTE + '/servers/s1/action'): (200, {
            'output': 'line1\nline2'}),
        ('GET', COMPUTE + '/servers/s1/os-instance-actions'): (200, {
            'instanceActions': [{'action': 'create', 'request_id': 'req-1',
                                 'message': None, 'start_time': 't'}]})})
    code, out, _ = fakes.run(session, 'console-log', 's1', '--length', '2')
    assert code == 0 and out == 'line1\nline2\n'
    sent = session.sent('POST', COMPUTE + '/servers/s1/action')[0]
    assert json.loads(sent['body']) == {'os-getConsoleOutput': {'length': 2}}
    code, out, _ = fakes.run(session, 'instance-action-list', 's1')
    assert code == 0 and 'create' in out and 'req-1' in out
