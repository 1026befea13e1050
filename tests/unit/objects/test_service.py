"""minova.objects.service and compute_node: services with their heartbeat
and the capacity each compute host reports."""

import datetime

from oslo_utils import timeutils
import pytest

from minova import exception
from minova import objects
from tests.unit.compute import fakes


def _service(host='h1', binary='minova-compute', **kwargs):
    svc = objects.Service(fakes.ctx(), host=host, binary=binary,
                          topic='compute', **kwargs)
    svc.create()
    return svc


def test_create_and_find(db):
    svc = _service()
    assert svc.id and svc.uuid and svc.report_count == 0
    assert svc.last_seen_up is not None and svc.is_up()
    found = objects.Service.get_by_host_and_binary(fakes.ctx(), 'h1',
                                                   'minova-compute')
    assert found.id == svc.id
    assert objects.Service.get_by_id(fakes.ctx(), svc.id).host == 'h1'
    assert objects.Service.get_by_uuid(fakes.ctx(), svc.uuid).id == svc.id
    assert objects.Service.get_by_host_and_binary(
        fakes.ctx(), 'h1', 'minova-conductor') is None


def test_duplicate(db):
    _service()
    with pytest.raises(exception.ServiceBinaryExists):
        _service()
    _service(binary='minova-conductor')


@pytest.mark.parametrize('lookup', ['get_by_id', 'get_by_uuid'])
def test_unknown(db, lookup):
    with pytest.raises(exception.ServiceNotFound):
        getattr(objects.Service, lookup)(fakes.ctx(), 42)


def test_heartbeat_bumps_report_count(db):
    svc = _service()
    before = svc.last_seen_up
    svc.heartbeat()
    svc.heartbeat()
    assert svc.report_count == 2 and svc.last_seen_up >= before
    assert objects.Service.get_by_id(fakes.ctx(), svc.id).report_count == 2


def test_is_up_follows_service_down_time(db, conf):
    svc = _service()
    svc.last_seen_up = timeutils.utcnow(with_timezone=True) - \
        datetime.timedelta(seconds=30)
    conf.config(service_down_time=60)
    assert svc.is_up()
    conf.config(service_down_time=20)
    assert not svc.is_up()
    svc.heartbeat()
    assert svc.is_up()


def test_forced_down_and_never_seen(db):
    svc = _service(forced_down=True)
    assert not svc.is_up()
    never_seen = objects.Service(host='h', binary='b', forced_down=False,
                                 last_seen_up=None, updated_at=None,
                                 created_at=None)
    assert not never_seen.is_up()


def test_save_and_soft_destroy(db):
    svc = _service()
    svc.disabled = True
    svc.disabled_reason = 'maintenance'
    svc.save()
    found = objects.Service.get_by_id(fakes.ctx(), svc.id)
    assert found.disabled and found.disabled_reason == 'maintenance'
    svc.destroy()
    assert objects.Service.get_by_host_and_binary(
        fakes.ctx(), 'h1', 'minova-compute') is None
    _service()      # the host may register again after a delete


def test_service_list(db):
    _service('h1')
    _service('h2')
    _service('ctl', 'minova-conductor')
    assert len(objects.ServiceList.get_all(fakes.ctx())) == 3
    assert [s.host for s in objects.ServiceList.get_all(
        fakes.ctx(), binary='minova-compute')] == ['h1', 'h2']
    assert [s.binary for s in objects.ServiceList.get_all(
        fakes.ctx(), host='ctl')] == ['minova-conductor']


# -- compute nodes ------------------------------------------------------------

def _node(host='h1', **kwargs):
    values = dict(host=host, hypervisor_hostname=host + '-node', vcpus=4,
                  memory_mb=4096, local_gb=40,
                  supported_instances=[['x86_64', 'qemu', 'hvm']])
    values.update(kwargs)
    node = objects.ComputeNode(fakes.ctx(), **values)
    node.create()
    return node


def test_compute_node_round_trip(db):
    node = _node(availability_zone='az1')
    assert node.id and node.uuid
    found = objects.ComputeNode.get_by_host_and_nodename(fakes.ctx(), 'h1',
                                                         'h1-node')
    assert found.supported_instances == [['x86_64', 'qemu', 'hvm']]
    assert found.availability_zone == 'az1'
    assert (found.vcpus_used, found.reserved_host_memory_mb) == (0, 0)
    found.vcpus_used = 2
    found.supported_instances = []
    found.save()
    again = objects.ComputeNode.get_by_id(fakes.ctx(), node.id)
    assert again.vcpus_used == 2 and again.supported_instances == []


def test_compute_node_lookups(db):
    first = _node('h1')
    _node('h2')
    assert [n.host for n in objects.ComputeNodeList.get_all(
        fakes.ctx())] == ['h1', 'h2']
    assert [n.id for n in objects.ComputeNodeList.get_by_host(
        fakes.ctx(), 'h1')] == [first.id]
    with pytest.raises(exception.ComputeHostNotFound):
        objects.ComputeNode.get_by_host_and_nodename(fakes.ctx(), 'h1',
                                                     'nope')
    with pytest.raises(exception.ComputeNodeNotFound):
        objects.ComputeNode.get_by_id(fakes.ctx(), 999)
    first.destroy()
    assert [n.host for n in objects.ComputeNodeList.get_all(
        fakes.ctx())] == ['h2']
    _node('h1')     # same host and node name again after the delete
