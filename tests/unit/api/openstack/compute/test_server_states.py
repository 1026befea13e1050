"""The state actions over the API: pause/unpause, suspend/resume,
lock/unlock, os-resetState, restore/forceDelete (soft delete) and
trigger_crash_dump: status codes, state checks (409), the lock, policy
and microversion gates, and what each leaves in the database."""

from oslo_utils import timeutils
import pytest

from minova.compute import rpcapi as compute_rpcapi
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf

CASTS = ('pause_instance', 'unpause_instance', 'suspend_instance',
         'resume_instance', 'soft_delete_instance', 'restore_instance',
         'trigger_crash_dump', 'terminate_instance')


@pytest.fixture
def state_casts(monkeypatch):
    recorders = {}
    for name in CASTS:
        recorders[name] = sf.Recorder()
        monkeypatch.setattr(
            compute_rpcapi.ComputeAPI, name,
            (lambda rec: lambda self, *a, **kw: rec(*a, **kw))(
                recorders[name]))
    return recorders


def _server(flavor, **kwargs):
    kwargs.setdefault('launched_at', timeutils.utcnow())
    return sf.server(flavor, **kwargs)


def _action(api, inst, body, token=fakes.USER, version=None):
    return api.post('%s/%s/action' % (sf.SERVERS, inst.uuid), body,
                    token=token, version=version)


def _stored(inst):
    return objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)


def _actions(inst):
    return [a.action for a in objects.InstanceActionList.
            get_by_instance_uuid(fakes.admin_ctx(), inst.uuid)]


@pytest.fixture
def compute_up(api):
    fakes.service()


@pytest.mark.parametrize('vm_state,name,task_state,rpc', [
    ('active', 'pause', 'pausing', 'pause_instance'),
    ('paused', 'unpause', 'unpausing', 'unpause_instance'),
    ('active', 'suspend', 'suspending', 'suspend_instance'),
    ('suspended', 'resume', 'resuming', 'resume_instance'),
])
def test_accepted(api, state_casts, flavor, vm_state, name, task_state,
                  rpc):
    inst = _server(flavor, vm_state=vm_state)
    resp = _action(api, inst, {name: None})
    assert resp.status_int == 202, resp.text
    assert resp.body == b''
    assert _stored(inst).task_state == task_state
    assert _actions(inst) == [name]
    [(args, _kwargs)] = state_casts[rpc].calls
    assert args[1].uuid == inst.uuid


@pytest.mark.parametrize('state,name,attr', [
    (dict(vm_state='stopped'), 'pause', 'vm_state stopped'),
    (dict(vm_state='active'), 'unpause', 'vm_state active'),
    (dict(vm_state='paused'), 'suspend', 'vm_state paused'),
    (dict(vm_state='active'), 'resume', 'vm_state active'),
    (dict(task_state='rebooting'), 'pause', 'task_state rebooting'),
    (dict(vm_state='active'), 'restore', 'vm_state active'),
    (dict(vm_state='stopped'), 'trigger_crash_dump', 'vm_state stopped'),
    (dict(launched_at=None), 'suspend', 'launched_at None'),
])
def test_wrong_state_is_409_with_novas_message(api, state_casts, flavor,
                                               state, name, attr):
    inst = _server(flavor, **state)
    message = assert_fault(_action(api, inst, {name: None},
                                   version='2.17'), 409)
    assert message == "Cannot '%s' instance %s while it is in %s" % (
        name, inst.uuid, attr)
    assert _stored(inst).task_state == inst.task_state
    assert _actions(inst) == []
    assert all(not rec.calls for rec in state_casts.values())


# -- lock -------------------------------------------------------------------

def test_lock_refuses_the_owner_but_not_an_admin(api, state_casts, flavor):
    inst = _server(flavor)
    assert _action(api, inst, {'lock': None}).status_int == 202
    stored = _stored(inst)
    assert (stored.locked, stored.locked_by) == (True, 'owner')
    assert _actions(inst) == ['lock']
    for body in ({'pause': None}, {'suspend': None}, {'os-stop': None},
                 {'reboot': {'type': 'HARD'}}):
        assert assert_fault(_action(api, inst, body), 409) == \
            'Instance %s is locked' % inst.uuid
    assert_fault(api.delete('%s/%s' % (sf.SERVERS, inst.uuid)), 409)
    assert _action(api, inst, {'pause': None}, token=ADMIN).status_int == \
        202
    assert state_casts['pause_instance'].calls


def test_locked_is_shown_from_2_9(api, flavor):
    inst = _server(flavor, locked=True, locked_by='owner')
    url = '%s/%s' % (sf.SERVERS, inst.uuid)
    assert 'locked' not in api.get(url, version='2.8').json['server']
    assert api.get(url, version='2.9').json['server']['locked'] is True


def test_unlock_of_an_admins_lock_needs_the_override(api, flavor):
    inst = _server(flavor)
    assert _action(api, inst, {'lock': None}, token=ADMIN).status_int == \
        202
    assert _stored(inst).locked_by == 'admin'
    assert_fault(_action(api, inst, {'unlock': None}), 403)
    assert _stored(inst).locked
    assert _action(api, inst, {'unlock': None}, token=ADMIN).status_int == \
        202
    stored = _stored(inst)
    assert (stored.locked, stored.locked_by) == (False, None)
    assert _actions(inst) == ['unlock', 'lock']


def test_lock_of_another_projects_server_is_404(api, flavor):
    theirs = _server(flavor, project_id='proj2', user_id='bob')
    assert_fault(_action(api, theirs, {'lock': None}), 404)
    assert _action(api, theirs, {'lock': None}, token=OTHER).status_int == \
        202


# -- os-resetState ---------------------------------------------------------

def test_reset_state_is_for_admins(api, flavor):
    inst = _server(flavor, vm_state='error', task_state='pausing')
    assert_fault(_action(api, inst, {'os-resetState': {'state': 'active'}}),
                 403)
    resp = _action(api, inst, {'os-resetState': {'state': 'active'}},
                   token=ADMIN)
    assert resp.status_int == 202, resp.text
    stored = _stored(inst)
    assert (stored.vm_state, stored.task_state) == ('active', None)


@pytest.mark.parametrize('body', [{'os-resetState': {'state': 'paused'}},
                                  {'os-resetState': {}},
                                  {'os-resetState': None}])
def test_reset_state_bad_body_is_400(api, flavor, body):
    inst = _server(flavor, vm_state='error')
    assert_fault(_action(api, inst, body, token=ADMIN), 400)
    assert _stored(inst).vm_state == 'error'


# -- soft delete, restore, forceDelete ----------------------------------------

@pytest.fixture
def reclaim(conf):
    conf.config(reclaim_instance_interval=3600)


def test_delete_with_reclaim_interval_soft_deletes(api, state_casts, flavor,
                                                   reclaim, compute_up):
    inst = _server(flavor)
    resp = api.delete('%s/%s' % (sf.SERVERS, inst.uuid))
    assert resp.status_int == 204
    assert _stored(inst).task_state == 'soft-deleting'
    assert state_casts['soft_delete_instance'].calls
    assert not state_casts['terminate_instance'].calls
    assert _actions(inst) == ['delete']


def test_soft_delete_on_a_down_host_is_done_here(api, state_casts, flavor,
                                                 reclaim):
    inst = _server(flavor)
    assert api.delete('%s/%s' % (sf.SERVERS, inst.uuid)).status_int == 204
    stored = _stored(inst)
    assert (stored.vm_state, stored.task_state) == ('soft-delete', None)
    assert stored.deleted_at is not None
    shown = api.get('%s/%s' % (sf.SERVERS, inst.uuid)).json['server']
    assert shown['status'] == 'SOFT_DELETED'


def test_never_launched_server_is_deleted_at_once(api, state_casts, flavor,
                                                  reclaim, compute_up):
    inst = _server(flavor, launched_at=None)
    assert api.delete('%s/%s' % (sf.SERVERS, inst.uuid)).status_int == 204
    assert state_casts['terminate_instance'].calls


def test_restore(api, state_casts, flavor, compute_up):
    inst = _server(flavor, vm_state='soft-delete',
                   deleted_at=timeutils.utcnow())
    assert _action(api, inst, {'restore': None}).status_int == 202
    stored = _stored(inst)
    assert stored.task_state == 'restoring'
    assert stored.deleted_at is None
    assert state_casts['restore_instance'].calls
    assert _actions(inst) == ['restore']


def test_force_delete_of_a_soft_deleted_server(api, state_casts, flavor,
                                               reclaim, compute_up):
    inst = _server(flavor, vm_state='soft-delete')
    assert _action(api, inst, {'forceDelete': None}).status_int == 202
    assert _stored(inst).task_state == 'deleting'
    assert state_casts['terminate_instance'].calls
    assert not state_casts['soft_delete_instance'].calls


def test_force_delete_of_a_locked_server_is_409(api, state_casts, flavor):
    inst = _server(flavor, vm_state='soft-delete', locked=True)
    assert_fault(_action(api, inst, {'forceDelete': None}), 409)


# -- trigger_crash_dump (2.17) -----------------------------------------------

def test_crash_dump_from_2_17(api, state_casts, flavor):
    inst = _server(flavor)
    body = {'trigger_crash_dump': None}
    assert_fault(_action(api, inst, body, version='2.16'), 404)
    resp = _action(api, inst, body, version='2.17')
    assert resp.status_int == 202, resp.text
    assert _stored(inst).task_state is None
    assert _actions(inst) == ['trigger_crash_dump']
    assert state_casts['trigger_crash_dump'].calls


def test_crash_dump_body_must_be_null(api, state_casts, flavor):
    inst = _server(flavor)
    assert_fault(_action(api, inst, {'trigger_crash_dump': {}},
                         version='2.17'), 400)


def test_soft_delete_preempts_a_running_task(api, state_casts, flavor,
                                             reclaim, compute_up):
    inst = _server(flavor, task_state='pausing')
    assert api.delete('%s/%s' % (sf.SERVERS, inst.uuid)).status_int == 204
    assert _stored(inst).task_state == 'soft-deleting'
