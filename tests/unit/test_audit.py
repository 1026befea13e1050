"""minova.audit: the cloud's leftovers from the database, each compute
host (over a stand-in RPC client) and minova-network."""

import datetime
import uuid

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils

from minova import audit
from minova import exception
from minova.image import glance
from minova.image_api.models import Image
from minova.db import api as db
from minova.db import models
from minova.db.session import session_scope
from minova import objects
from minova.objects import base as objects_base
from tests.unit.compute import fakes
from tests.unit.image import server


class ComputeAPI:
    def __init__(self, report):
        self.report = report
        self.calls = []

    def audit_host(self, context, host, fix=False):
        self.calls.append((host, fix))
        return self.report


class NetworkAPI:
    def __init__(self, dhcp=()):
        self.dhcp = list(dhcp)
        self.deallocated = []

    def audit_dhcp(self, context, fix=False):
        return self.dhcp

    def deallocate_for_instance(self, context, uuid, host):
        self.deallocated.append(uuid)


class NoImages:
    def list(self, context, filters):
        return []


@pytest.fixture
def flavor(db, monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)
    return fakes.flavor()


def _service(context, host, up=True):
    service = objects.Service(context, host=host, binary='minova-compute',
                              topic='compute', forced_down=not up)
    service.create()
    if up:
        service.heartbeat()
    return service


def _run(context, fix=False, report=None, dhcp=()):
    compute = ComputeAPI(report or {'orphans': {}, 'deleted_guests': []})
    network = NetworkAPI(dhcp)
    found = audit.Audit(context, fix, compute, network, NoImages()).run()
    return found, compute, network


def test_a_clean_cloud_has_nothing(flavor, admin_ctx):
    _service(admin_ctx, 'host1')
    found, compute, _network = _run(admin_ctx)
    assert found == []
    assert compute.calls == [('host1', False)]
    assert audit.format_table(found).endswith('0 leftover(s) found, 0 fixed')


def test_what_it_finds_and_fixes(flavor, admin_ctx, conf):
    conf.config(instance_build_timeout=10, group='conductor')
    _service(admin_ctx, 'host1')
    _service(admin_ctx, 'host9', up=False)
    stuck = fakes.instance(flavor)
    then = timeutils.utcnow() - datetime.timedelta(seconds=60)
    with session_scope() as session:
        session.execute(sa.update(models.Instance).where(
            models.Instance.uuid == stuck.uuid).values(created_at=then,
                                                       updated_at=None))
    uncleaned = fakes.instance(flavor, vm_state='active', task_state=None,
                               host='host9')
    uncleaned.destroy()
    report = {'orphans': {'0a1b2c3d-0000-4000-8000-00000000cafe': 'guest'},
              'deleted_guests': []}
    dhcp = [{'network': 'private', 'extra': [('fa:16:3e:00:00:09',
                                              '10.0.0.9')], 'missing': []}]
    found, compute, _network = _run(admin_ctx, fix=True, report=report,
                                    dhcp=dhcp)
    kinds = {(f.kind, f.what, f.fixed) for f in found}
    assert ('stuck', stuck.uuid, True) in kinds
    assert ('uncleaned', uncleaned.uuid, False) in kinds
    assert ('guest', '0a1b2c3d-0000-4000-8000-00000000cafe', True) in kinds
    assert ('dhcp', '10.0.0.9', True) in kinds
    assert ('host-down', '-', False) in kinds
    assert compute.calls == [('host1', True)]
    assert fakes.reload(stuck).vm_state == 'error'
    table = audit.format_table(found)
    assert 'deleted; its guest is not known gone (host down)' in table


def test_claims_differing_from_the_placements(flavor, admin_ctx):
    _service(admin_ctx, 'host1')
    fakes.instance(flavor, vm_state='active', task_state=None,
                   host='host1', node='host1')
    objects.ComputeNode(admin_ctx, host='host1', hypervisor_hostname='host1',
                        vcpus=4, memory_mb=1024, local_gb=10, vcpus_used=0,
                        memory_mb_used=0, local_gb_used=0,
                        running_vms=0).create()
    found, _compute, _network = _run(admin_ctx)
    [claims] = [f for f in found if f.kind == 'claims']
    assert claims.where == 'host1' and '1, 1 are placed' in claims.detail


def _placed_after_the_report(flavor, admin_ctx, ago):
    """host1's report counts nothing; an instance was placed there after
    it, ``ago`` (a timedelta) before now."""
    _service(admin_ctx, 'host1')
    node = objects.ComputeNode(
        admin_ctx, host='host1', hypervisor_hostname='host1', vcpus=4,
        memory_mb=1024, local_gb=10, vcpus_used=0, memory_mb_used=0,
        local_gb_used=0, running_vms=0)
    node.create()
    inst = fakes.instance(flavor, vm_state='active', task_state=None,
                          host='host1', node='host1')
    now = timeutils.utcnow().replace(tzinfo=None)
    with session_scope() as session:
        session.execute(sa.update(models.ComputeNode).values(
            created_at=now - ago - datetime.timedelta(seconds=1),
            updated_at=None))
        session.execute(sa.update(models.Instance).where(
            models.Instance.uuid == inst.uuid).values(
                created_at=now - ago, updated_at=now - ago))


def test_a_change_newer_than_the_report_is_not_a_leftover_yet(
        flavor, admin_ctx):
    _placed_after_the_report(flavor, admin_ctx, datetime.timedelta(0))
    found, _compute, _network = _run(admin_ctx)
    assert [f for f in found if f.kind == 'claims'] == []


def test_a_report_that_never_caught_up_is_a_leftover(flavor, admin_ctx):
    _placed_after_the_report(flavor, admin_ctx, datetime.timedelta(hours=1))
    found, _compute, _network = _run(admin_ctx)
    assert [f.where for f in found if f.kind == 'claims'] == ['host1']


def test_addresses_of_gone_instances(flavor, admin_ctx, monkeypatch):
    monkeypatch.setattr(db, 'instance_uuids_with_orphaned_interfaces',
                        lambda: ['u-gone'])
    found, _compute, network = _run(admin_ctx, fix=True)
    assert [(f.kind, f.what) for f in found] == [('fixed-ip', 'u-gone')]
    assert network.deallocated == ['u-gone']


# -- images of interrupted snapshots (the real image API on a port) -----

def _age(image_id, seconds, status=None):
    values = {'updated_at': timeutils.utcnow() -
              datetime.timedelta(seconds=seconds)}
    if status:
        values['status'] = status
    with session_scope() as session:
        session.execute(sa.update(Image).where(Image.id == image_id)
                        .values(**values))


def _images(admin_ctx, fix=False):
    found = audit.Audit(admin_ctx, fix, ComputeAPI(None), NetworkAPI(),
                        glance.API()).images()
    return {f.what: f for f in found}


def test_images_left_queued_or_saving_are_reported_and_deleted(
        flavor, admin_ctx, conf, tmp_path):
    conf.config(stale_upload_age=3600, group='glance')
    snapshotting = fakes.instance(flavor, vm_state='active',
                                  task_state='image_uploading')
    with server.image_service(conf, tmp_path) as url:
        snap = server.make_image(url, name='snap', image_type='snapshot',
                                 instance_uuid=str(uuid.uuid4()))
        saving = server.make_image(url, name='upload died')
        hidden = server.make_image(url, name='hidden', os_hidden=True)
        protected = server.make_image(url, name='keep', protected=True)
        fresh = server.make_image(url, name='just made')
        busy = server.make_image(url, name='busy',
                                 instance_uuid=snapshotting.uuid)
        active = server.make_image(url, data=b'bytes', name='done')
        for image in (snap, hidden, protected, busy, active):
            _age(image['id'], 7200)
        _age(saving['id'], 7200, status='saving')
        _age(fresh['id'], 600)

        found = _images(admin_ctx)
        assert set(found) == {snap['id'], saving['id'], hidden['id'],
                              protected['id']}
        assert found[snap['id']].detail == (
            'queued for more than 3600s, no upload running (snapshot of '
            '%s)' % snap['instance_uuid'])
        assert found[saving['id']].detail.startswith('saving for more')
        assert not any(f.fixed for f in found.values())

        fixed = _images(admin_ctx, fix=True)
        assert {i for i, f in fixed.items() if f.fixed} == {
            snap['id'], saving['id'], hidden['id']}
        assert fixed[protected['id']].detail.endswith(
            '; protected, not deleted')
        for image in (snap, saving, hidden):
            with pytest.raises(exception.ImageNotFound):
                glance.API().show(admin_ctx, image['id'])
        for image in (protected, fresh, busy, active):
            glance.API().show(admin_ctx, image['id'])
        assert set(_images(admin_ctx)) == {protected['id']}
        table = audit.format_table(fixed.values())
        assert 'image      image-api' in table


def test_unproven_guests_are_listed_and_never_fixed(flavor, admin_ctx):
    """What a host could not prove its own is reported as unproven, with
    --fix too (it may be another cloud's); one that names another
    compute of this cloud is that compute's to prove (down here)."""
    _service(admin_ctx, 'host1')
    _service(admin_ctx, 'host2', up=False)
    name_here = '0a1b2c3d-0000-4000-8000-0000000000a1'
    disks_here = '0a1b2c3d-0000-4000-8000-0000000000a2'
    peers = '0a1b2c3d-0000-4000-8000-0000000000a3'
    report = {'orphans': {}, 'deleted_guests': [], 'unproven': {
        name_here: {'host': 'host1', 'detail': 'names host host1 in its '
                    'metadata but its disks (/x/disk) are not all under '
                    '/ip'},
        disks_here: {'host': 'host7', 'detail': 'has disks under /ip '
                     '(/ip/a2/disk) but its metadata names host host7'},
        peers: {'host': 'host2', 'detail': 'has disks under /ip'}}}
    found, compute, _network = _run(admin_ctx, fix=True, report=report)
    unproven = [f for f in found if f.kind == 'unproven']
    assert [(f.where, f.what, f.fixed) for f in unproven] == [
        ('host1', name_here, False), ('host1', disks_here, False)]
    assert compute.calls == [('host1', True)]
    table = audit.format_table(found)
    assert 'unproven   host1' in table
    assert "not provably this host's, never touched: the domain names " \
        'host host1' in table
    assert peers not in table
    assert table.endswith('%d leftover(s) found, 0 fixed' % len(found))
