"""POST /servers/{id}/action: reboot, os-stop, os-start and
os-getConsoleOutput (minova.api.openstack.compute.console_output)."""

import pytest

from minova.compute import rpcapi as compute_rpcapi
from minova import exception
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf


def _action(api, inst, body, token=fakes.USER, version=None):
    return api.post('%s/%s/action' % (sf.SERVERS, inst.uuid), body,
                    token=token, version=version)


def _stored(inst):
    return objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)


def _actions(inst):
    return [a.action for a in objects.InstanceActionList.
            get_by_instance_uuid(fakes.admin_ctx(), inst.uuid)]


@pytest.fixture
def active(api, flavor):
    return sf.server(flavor)


@pytest.fixture
def stopped(api, flavor):
    return sf.server(flavor, vm_state='stopped', power_state=4)


# -- reboot / stop / start: accepted -----------------------------------------

@pytest.mark.parametrize('fixture,body,rpc,task_state,action', [
    ('active', {'reboot': {'type': 'SOFT'}}, 'reboot_instance',
     'rebooting', 'reboot'),
    ('active', {'reboot': {'type': 'hard'}}, 'reboot_instance',
     'rebooting_hard', 'reboot'),
    ('stopped', {'reboot': {'type': 'HARD'}}, 'reboot_instance',
     'rebooting_hard', 'reboot'),
    ('active', {'os-stop': None}, 'stop_instance', 'powering-off', 'stop'),
    ('stopped', {'os-start': None}, 'start_instance', 'powering-on',
     'start'),
])
def test_accepted(api, casts, request, fixture, body, rpc, task_state,
                  action):
    inst = request.getfixturevalue(fixture)
    resp = _action(api, inst, body)
    assert resp.status_int == 202, resp.text
    assert resp.body == b''
    assert _stored(inst).task_state == task_state
    assert _actions(inst) == [action]
    [(args, _kwargs)] = casts[rpc].calls
    assert args[1].uuid == inst.uuid
    if rpc == 'reboot_instance':
        assert args[2] == body['reboot']['type'].upper()


def test_hard_reboot_overrides_a_soft_one(api, casts, flavor):
    inst = sf.server(flavor, task_state='rebooting')
    assert _action(api, inst, {'reboot': {'type': 'HARD'}}).status_int == \
        202
    assert _stored(inst).task_state == 'rebooting_hard'


# -- reboot / stop / start: refused in the wrong state ----------------------

@pytest.mark.parametrize('state,body', [
    (dict(vm_state='stopped'), {'reboot': {'type': 'SOFT'}}),
    (dict(task_state='powering-off'), {'reboot': {'type': 'SOFT'}}),
    (dict(task_state='deleting'), {'reboot': {'type': 'HARD'}}),
    (dict(vm_state='building', task_state='spawning'),
     {'reboot': {'type': 'HARD'}}),
    (dict(vm_state='stopped'), {'os-stop': None}),
    (dict(task_state='rebooting'), {'os-stop': None}),
    (dict(vm_state='active'), {'os-start': None}),
    (dict(vm_state='error'), {'os-start': None}),
    (dict(vm_state='stopped', task_state='powering-on'), {'os-start': None}),
    (dict(host=None), {'os-stop': None}),
])
def test_wrong_state_is_409(api, casts, flavor, state, body):
    inst = sf.server(flavor, **state)
    message = assert_fault(_action(api, inst, body), 409)
    assert message.startswith("Cannot '")
    assert inst.uuid in message
    stored = _stored(inst)
    assert stored.task_state == inst.task_state
    assert _actions(inst) == []
    assert all(not rec.calls for rec in casts.values())


def test_stop_of_an_errored_server_is_allowed(api, casts, flavor):
    inst = sf.server(flavor, vm_state='error')
    assert _action(api, inst, {'os-stop': None}).status_int == 202


@pytest.mark.parametrize('body', [
    {'reboot': {'type': 'COLD'}},
    {'reboot': {}},
    {'reboot': {'type': 'SOFT', 'extra': 1}},
    {'os-stop': None, 'os-start': None},
    {},
    [],
])
def test_bad_action_body_is_400(api, casts, active, body):
    assert_fault(_action(api, active, body), 400)
    assert _stored(active).task_state is None
    assert not casts['reboot_instance'].calls


@pytest.mark.parametrize('fixture,body,rpc', [
    ('active', {'os-stop': {}}, 'stop_instance'),
    ('active', {'os-stop': {'force': True}}, 'stop_instance'),
    ('active', {'os-stop': 'yes'}, 'stop_instance'),
    ('stopped', {'os-start': {}}, 'start_instance'),
    ('stopped', {'os-start': []}, 'start_instance'),
])
def test_stop_and_start_take_any_value(api, casts, request, fixture, body,
                                       rpc):
    # Nova's schema has {} for the value: tempest sends {"os-stop": {}}.
    inst = request.getfixturevalue(fixture)
    assert _action(api, inst, body).status_int == 202
    assert len(casts[rpc].calls) == 1


@pytest.mark.parametrize('version', [None, '2.38'])
def test_unknown_action_is_400(api, casts, active, version):
    message = assert_fault(_action(api, active, {'os-migrateLive': {}},
                                   version=version), 400)
    assert message == 'There is no such action: os-migrateLive'


def test_unknown_action_on_a_missing_server_is_400(api, casts):
    # Nova looks the action up before the server.
    resp = api.post('%s/%s/action' % (sf.SERVERS, sf.MISSING),
                    {'os-migrateLive': {}})
    assert assert_fault(resp, 400) == \
        'There is no such action: os-migrateLive'


@pytest.mark.parametrize('body,code', [
    ({'os-stop': {}}, 404),
    ({'os-start': {}}, 404),
    ({'reboot': {'type': 'HARD'}}, 404),
    ({'os-getConsoleOutput': {'length': 10}}, 404),
    # The body is checked before the server is read, as Nova's schema
    # decorator does.
    ({'reboot': {'type': 'COLD'}}, 400),
])
def test_action_on_a_missing_server(api, casts, body, code):
    resp = api.post('%s/%s/action' % (sf.SERVERS, sf.MISSING), body)
    assert_fault(resp, code)
    assert all(not rec.calls for rec in casts.values())


def test_action_on_other_project_is_404(api, casts, flavor):
    theirs = sf.server(flavor, project_id='proj2', user_id='bob')
    assert_fault(_action(api, theirs, {'os-stop': None}), 404)
    assert _action(api, theirs, {'os-stop': None}, token=OTHER).status_int \
        == 202


def test_admin_may_act_on_any_project(api, casts, active):
    assert _action(api, active, {'os-stop': None},
                   token=ADMIN).status_int == 202


# -- console output -----------------------------------------------------------

CONSOLE = {'os-getConsoleOutput': {}}


@pytest.mark.parametrize('length,sent', [(None, None), (5, 5), ('5', 5),
                                         (-1, None), ('-1', None),
                                         (0, 0)])
def test_console_output(api, casts, active, length, sent):
    casts['get_console_output'].result = 'line1\nline2\n'
    body = {'os-getConsoleOutput': {} if length is None
            else {'length': length}}
    resp = _action(api, active, body)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'output': 'line1\nline2\n'}
    [(args, _kwargs)] = casts['get_console_output'].calls
    assert args[1].uuid == active.uuid and args[2] == sent


@pytest.mark.parametrize('length', [-2, '-2', 'x', '1.5', True])
def test_console_output_bad_length(api, casts, active, length):
    assert_fault(_action(api, active,
                         {'os-getConsoleOutput': {'length': length}}), 400)
    assert casts['get_console_output'].calls == []


def test_console_output_while_building_is_409(api, casts, flavor):
    inst = sf.server(flavor, vm_state='building', host=None)
    assert_fault(_action(api, inst, CONSOLE), 409)
    assert casts['get_console_output'].calls == []


def test_console_not_available_is_409(api, casts, active, monkeypatch):
    def unavailable(self, *args):
        raise exception.ConsoleNotAvailable()
    monkeypatch.setattr(compute_rpcapi.ComputeAPI, 'get_console_output',
                        unavailable)
    assert assert_fault(_action(api, active, CONSOLE), 409) == \
        'Guest console output is not available.'


def test_console_output_of_other_project_is_404(api, casts, flavor):
    theirs = sf.server(flavor, project_id='proj2')
    assert_fault(_action(api, theirs, CONSOLE), 404)
