"""The compute's orphan reaper on the libvirt driver (fake connection,
real rows): two clouds on one libvirtd, both with a compute called host1,
never reap each other's guests."""

import os

import pytest

from minova.compute import reaper
from minova import context as minova_context
from minova.db import api as db
from minova.objects import base as objects_base
from tests.unit.compute import fakes as compute_fakes
from tests.unit.virt.libvirt import conftest as fixtures


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def ctx(db, monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)
    return minova_context.get_admin_context()


def test_another_clouds_host1_is_never_touched_ours_is_reaped(
        driver, fake_conn, libvirt_conf, tmp_path, ctx):
    libvirt_conf.config(orphan_grace_period=60)
    # The other cloud's compute host1 (its own instances_path)...
    theirs = fixtures.make_instance()
    driver.spawn(None, theirs, fixtures.image_meta(), [], 'pw')
    their_dir = fixtures.instance_dir(theirs)
    # ... and ours, on the same libvirtd; neither has an instance row.
    libvirt_conf.config(instances_path=str(tmp_path / 'ours'))
    ours = fixtures.make_instance(
        id=43, uuid='0a1b2c3d-0000-4000-8000-00000000beef')
    driver.spawn(None, ours, fixtures.image_meta(), [], 'pw')
    clock = Clock()
    orphans = reaper.OrphanReaper('host1', driver, clock)

    assert orphans.orphans(ctx) == {ours.uuid: 'guest'}
    assert orphans.run(ctx) == []
    clock.now += 60
    assert orphans.run(ctx) == [ours.uuid]
    assert ours.uuid not in fake_conn.domains
    assert not os.path.exists(fixtures.instance_dir(ours))
    # Never touched, however long it stays.
    clock.now += 3600
    assert orphans.run(ctx) == []
    report = orphans.audit(ctx, fix=True)
    assert report['orphans'] == {}
    # Listed for the operator as unproven, and left alone by --fix.
    assert list(report['unproven']) == [theirs.uuid]
    assert report['unproven'][theirs.uuid]['host'] == 'host1'
    assert 'not all under %s' % (tmp_path / 'ours') in \
        report['unproven'][theirs.uuid]['detail']
    assert theirs.uuid in fake_conn.domains
    assert os.path.isdir(their_dir)


class _Manager:
    """What DeletedGuestReaper uses of the compute manager."""

    host = 'host1'

    def __init__(self, driver):
        self.driver = driver

    def network_info(self, context, instance):
        return []


@pytest.mark.parametrize('provably_ours', [True, False])
def test_a_deleted_instances_guest_is_reaped_only_if_provably_ours(
        driver, fake_conn, libvirt_conf, tmp_path, ctx, provably_ours):
    """A deleted, uncleaned instance of host1 whose uuid a domain holds:
    reaped and cleaned when the domain is ours; when it is not provably
    ours, neither destroyed nor taken for gone (cleaned would free its
    addresses while the guest runs)."""
    row = compute_fakes.instance(compute_fakes.flavor(), vm_state='active',
                                 task_state=None, host='host1')
    guest = fixtures.make_instance(uuid=row.uuid)
    driver.spawn(None, guest, fixtures.image_meta(), [], 'pw')
    db.instance_destroy(row.uuid)
    if not provably_ours:
        libvirt_conf.config(instances_path=str(tmp_path / 'elsewhere'))
    deleted = reaper.DeletedGuestReaper(_Manager(driver))
    assert deleted.run(ctx) == ([row.uuid] if provably_ours else [])
    assert (row.uuid in fake_conn.domains) is not provably_ours
    cleaned = db.instance_get_by_uuid(row.uuid, read_deleted='yes').cleaned
    assert cleaned == (1 if provably_ours else 0)
