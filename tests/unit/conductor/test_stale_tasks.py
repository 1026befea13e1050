"""minova.conductor.stale_tasks: every task state ends, bounded by its
kind's time-out, with a fault; a row never updated counts from its
creation."""

import datetime

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils

from minova.conductor import manager as conductor_manager
from minova.conductor import stale_tasks
from minova.db import api as db
from minova.db import models
from minova.db.session import session_scope
from tests.unit.compute import fakes


@pytest.fixture
def flavor(db):
    return fakes.flavor()


def _age(inst, seconds, never_updated=True):
    """Make ``inst`` look ``seconds`` old (never updated: updated_at
    NULL, as the API leaves a new row)."""
    then = timeutils.utcnow() - datetime.timedelta(seconds=seconds)
    with session_scope() as session:
        session.execute(sa.update(models.Instance).where(
            models.Instance.uuid == inst.uuid).values(
                created_at=then, updated_at=None if never_updated else then))


def _row(inst):
    return db.instance_get_by_uuid(inst.uuid, read_deleted='yes')


def test_a_lost_build_message_is_found_by_its_creation_time(flavor, conf):
    conf.config(instance_build_timeout=120, group='conductor')
    lost = fakes.instance(flavor)            # BUILD / scheduling
    fresh = fakes.instance(flavor)
    _age(lost, 121)
    _age(fresh, 60)
    assert _row(lost).updated_at is None
    conductor_manager.ComputeTaskManager().settle_stale_tasks(fakes.ctx())
    stored = fakes.reload(lost)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert 'made no progress for 120 seconds' in stored.fault.message
    assert 'build message or its host was lost' in stored.fault.message
    assert fakes.reload(fresh).vm_state == 'building'


def test_a_build_between_two_steps_is_a_build(flavor, conf):
    conf.config(instance_build_timeout=10, group='conductor')
    inst = fakes.instance(flavor, task_state=None, host='h1')
    _age(inst, 11, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 1
    stored = fakes.reload(inst)
    # The host stays: a delete must reach what the host may still hold.
    assert (stored.vm_state, stored.host) == ('error', 'h1')


@pytest.mark.parametrize('task_state', ['rebooting', 'rebooting_hard',
                                        'powering-off', 'powering-on'])
def test_other_tasks_are_settled_with_a_fault(flavor, conf, task_state):
    conf.config(instance_reboot_timeout=30, instance_power_timeout=30,
                group='conductor')
    inst = fakes.instance(flavor, vm_state='active', task_state=task_state,
                          host='h1')
    _age(inst, 31, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 1
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.fault.message == (
        'Task %s made no progress for 30 seconds: task state cleared'
        % task_state)


def test_each_kind_has_its_own_time_out(flavor, conf):
    conf.config(instance_reboot_timeout=30, instance_build_timeout=3600,
                group='conductor')
    rebooting = fakes.instance(flavor, vm_state='active',
                               task_state='rebooting', host='h1')
    building = fakes.instance(flavor)
    for inst in (rebooting, building):
        _age(inst, 60, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 1
    assert fakes.reload(rebooting).task_state is None
    assert fakes.reload(building).task_state == 'scheduling'


def test_a_stale_delete_is_finished_but_keeps_its_addresses(flavor, conf):
    conf.config(instance_delete_timeout=30, group='conductor')
    inst = fakes.instance(flavor, vm_state='active', task_state='deleting',
                          host='h1')
    homeless = fakes.instance(flavor, vm_state='error',
                              task_state='deleting')
    for i in (inst, homeless):
        _age(i, 31, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 2
    row = _row(inst)
    assert row.deleted and row.vm_state == 'deleted'
    # Its host may still run the guest: not cleaned until it reaps it.
    assert row.cleaned == 0
    assert _row(homeless).cleaned == 1
    [fault] = db.instance_fault_get_by_instance_uuids([inst.uuid])
    assert 'the host reaps the guest' in fault.message


def test_a_task_state_without_a_rule_has_the_default(flavor, conf):
    conf.config(instance_task_timeout=50, group='conductor')
    inst = fakes.instance(flavor, vm_state='active',
                          task_state='image_snapshot', host='h1')
    _age(inst, 49, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 0
    _age(inst, 51, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 1
    assert fakes.reload(inst).task_state is None


def test_a_time_out_of_zero_turns_a_kind_off(flavor, conf):
    conf.config(instance_build_timeout=0, group='conductor')
    inst = fakes.instance(flavor)
    _age(inst, 10 ** 6)
    assert stale_tasks.check(fakes.ctx()) == 0
    assert fakes.reload(inst).vm_state == 'building'


def test_resting_instances_are_never_touched(flavor, conf):
    conf.config(instance_task_timeout=1, instance_build_timeout=1,
                group='conductor')
    for vm_state in ('active', 'stopped', 'error'):
        inst = fakes.instance(flavor, vm_state=vm_state, task_state=None,
                              host='h1')
        _age(inst, 100)
    assert stale_tasks.check(fakes.ctx()) == 0


def test_timeout_for_a_kind_without_an_option(conf):
    conf.config(instance_task_timeout=77, instance_build_timeout=5,
                group='conductor')
    assert stale_tasks.timeout_for('build') == 5
    assert stale_tasks.timeout_for('snapshot') == 77


def test_a_stale_unshelve_leaves_the_offloaded_instance_without_a_host(
        flavor, conf):
    conf.config(instance_task_timeout=30, group='conductor')
    inst = fakes.instance(flavor, vm_state='shelved_offloaded',
                          task_state='unshelving', host='h1')
    _age(inst, 31, never_updated=False)
    assert stale_tasks.check(fakes.ctx()) == 1
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state, stored.host) == (
        'shelved_offloaded', None, None)
    assert 'unshelving made no progress' in stored.fault.message
