"""minova.audit: the cloud's leftovers from the database, each compute
host (over a stand-in RPC client) and minova-network."""

import datetime

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils

from minova import audit
from minova.db import api as db
from minova.db import models
from minova.db.session import session_scope
from minova import objects
from minova.objects import base as objects_base
from tests.unit.compute import fakes


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
    found = audit.Audit(context, fix, compute, network).run()
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


def test_addresses_of_gone_instances(flavor, admin_ctx, monkeypatch):
    monkeypatch.setattr(db, 'instance_uuids_with_orphaned_interfaces',
                        lambda: ['u-gone'])
    found, _compute, network = _run(admin_ctx, fix=True)
    assert [(f.kind, f.what) for f in found] == [('fixed-ip', 'u-gone')]
    assert network.deallocated == ['u-gone']
