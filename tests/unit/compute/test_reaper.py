"""minova.compute.reaper: the guests of instances deleted while their
host was down, and orphans, on the fake driver and real rows."""

import pytest

from minova.compute import api as compute_api
from minova.compute import reaper
from minova.db import api as db
from minova import objects
from tests.unit.compute import fakes


@pytest.fixture
def active(compute, flavor, context):
    inst = fakes.instance(flavor, context)
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                          'host1')
    return fakes.reload(inst)


def _row(inst):
    return db.instance_get_by_uuid(inst.uuid, read_deleted='yes')


def _local_delete(inst):
    """DELETE while host1's compute service is down (no heartbeat)."""
    api = compute_api.API(image_api=object())
    api._host_is_up = lambda context, host: False
    api.delete(fakes.ctx(), fakes.reload(inst))


def test_a_local_delete_leaves_the_guest_to_its_host(compute, active):
    _local_delete(active)
    row = _row(active)
    assert row.deleted and row.cleaned == 0
    assert active.uuid in compute.driver.guests      # still running
    compute.reap_deleted_instances(fakes.ctx())
    assert active.uuid not in compute.driver.guests
    assert compute.network_api.deallocated == [active.uuid]
    assert _row(active).cleaned == 1
    # Done once: a cleaned instance is not looked at again.
    compute.reap_deleted_instances(fakes.ctx())
    assert compute.network_api.deallocated == [active.uuid]


def test_the_host_reaps_at_start(compute, active, context):
    _local_delete(active)
    compute.init_host(context)
    assert active.uuid not in compute.driver.guests
    assert _row(active).cleaned == 1


@pytest.mark.parametrize('action', ['log', 'noop'])
def test_log_and_noop_leave_the_guest_and_its_address(compute, active,
                                                      conf, action):
    conf.config(running_deleted_instance_action=action)
    _local_delete(active)
    compute.reap_deleted_instances(fakes.ctx())
    assert active.uuid in compute.driver.guests
    assert compute.network_api.deallocated == []
    assert _row(active).cleaned == 0


def test_a_guest_already_gone_is_cleaned_whatever_the_action(
        compute, active, conf):
    conf.config(running_deleted_instance_action='noop')
    _local_delete(active)
    del compute.driver.guests[active.uuid]
    compute.reap_deleted_instances(fakes.ctx())
    assert _row(active).cleaned == 1
    assert active.uuid not in compute.driver.disks


def test_running_deleted_instance_timeout(compute, active, conf):
    conf.config(running_deleted_instance_timeout=3600)
    _local_delete(active)
    compute.reap_deleted_instances(fakes.ctx())
    assert active.uuid in compute.driver.guests
    assert _row(active).cleaned == 0


def test_a_normal_delete_is_cleaned_at_once(compute, active, context):
    active.task_state = 'deleting'
    active.save()
    objects.InstanceAction.action_start(context, active.uuid, 'delete')
    compute.terminate_instance(context, active)
    assert _row(active).cleaned == 1


# -- orphans ------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def orphans(compute):
    clock = Clock()
    compute.orphan_reaper = reaper.OrphanReaper('host1', compute.driver,
                                                clock)
    compute.orphan_reaper.clock_ = clock
    return compute.orphan_reaper


def _guest(compute, flavor, context, **values):
    """A guest on this hypervisor for an instance row made with
    ``values``."""
    inst = fakes.instance(flavor, context, **values)
    compute.driver.spawn(context, inst, fakes.IMAGE, [], None)
    return inst


def test_an_orphan_is_destroyed_after_the_grace_period(
        compute, orphans, flavor, context, conf):
    conf.config(orphan_grace_period=60)
    unknown = _guest(compute, flavor, context)
    db.instance_destroy(unknown.uuid, hard=True)     # no row at all
    assert orphans.run(context) == []
    orphans.clock_.now += 59
    assert orphans.run(context) == []
    assert unknown.uuid in compute.driver.guests
    orphans.clock_.now += 1
    assert orphans.run(context) == [unknown.uuid]
    assert unknown.uuid not in compute.driver.guests
    assert unknown.uuid not in compute.driver.disks


def test_what_is_not_an_orphan(compute, orphans, active, flavor, context,
                               conf):
    conf.config(orphan_grace_period=0)
    arriving = _guest(compute, flavor, context, vm_state='active',
                      task_state='resize_migrating', host='host2')
    deleted_log = _guest(compute, flavor, context, vm_state='active',
                         task_state=None, host='host1')
    db.instance_destroy(deleted_log.uuid)    # the deleted reaper's
    assert orphans.orphans(context) == {}
    assert orphans.run(context) == []
    for inst in (active, arriving, deleted_log):
        assert inst.uuid in compute.driver.guests


def test_a_guest_left_behind_by_an_instance_now_elsewhere(
        compute, orphans, flavor, context, conf):
    conf.config(orphan_grace_period=0)
    moved = _guest(compute, flavor, context, vm_state='active',
                   task_state=None, host='host2')
    assert orphans.orphans(context) == {moved.uuid: 'guest'}
    assert orphans.run(context) == [moved.uuid]


def test_files_without_a_guest(compute, orphans, active, flavor, context,
                               conf):
    conf.config(orphan_grace_period=0)
    cleaned = fakes.instance(flavor, context, host='host1')
    db.instance_destroy(cleaned.uuid, cleaned=True)
    elsewhere = fakes.instance(flavor, context, vm_state='active',
                               task_state=None, host='host2')
    del compute.driver.guests[active.uuid]   # vanished; disks stay
    compute.driver.disks.update({cleaned.uuid, elsewhere.uuid})
    assert orphans.orphans(context) == {cleaned.uuid: 'files'}
    assert orphans.run(context) == [cleaned.uuid]
    assert compute.driver.disks == {active.uuid, elsewhere.uuid}


def test_audit_host_reports_and_fixes(compute, active, flavor, context,
                                      conf):
    conf.config(running_deleted_instance_action='log')
    stray = _guest(compute, flavor, context)
    db.instance_destroy(stray.uuid, hard=True)
    _local_delete(active)
    assert compute.audit_host(context) == {
        'orphans': {stray.uuid: 'guest'}, 'deleted_guests': [active.uuid],
        'unproven': {}}
    compute.audit_host(context, fix=True)
    assert compute.driver.guests == {}
    assert compute.audit_host(context) == {'orphans': {},
                                           'deleted_guests': [],
                                           'unproven': {}}
