"""The scheduler's RPC API end to end over oslo.messaging's fake driver."""

import oslo_messaging as messaging
import pytest

from minova import exception
from minova import objects
from minova import rpc
from minova.scheduler import manager as scheduler_manager
from minova.scheduler import rpcapi as scheduler_rpcapi
from tests.unit.scheduler import fakes


@pytest.fixture
def scheduler_server(db):
    server = rpc.get_server(
        messaging.Target(topic=scheduler_rpcapi.RPC_TOPIC, server='sched1'),
        [scheduler_manager.SchedulerManager()])
    server.start()
    yield server
    server.stop()
    server.wait()


def test_select_destinations_call(scheduler_server, admin_ctx):
    fakes.create_compute(admin_ctx, 'host1')
    instances = [fakes.create_instance(admin_ctx) for _ in range(2)]
    spec = fakes.request_spec(num_instances=2)

    dests = scheduler_rpcapi.SchedulerAPI().select_destinations(
        admin_ctx, spec, [i.uuid for i in instances])

    assert dests == [{'host': 'host1', 'nodename': 'host1', 'limits': {}}] * 2
    assert [objects.Instance.get_by_uuid(admin_ctx, i.uuid).node
            for i in instances] == ['host1', 'host1']


def test_no_valid_host_reaches_the_caller(scheduler_server, admin_ctx):
    instance = fakes.create_instance(admin_ctx)
    with pytest.raises(exception.NoValidHost,
                       match='There are not enough hosts available'):
        scheduler_rpcapi.SchedulerAPI().select_destinations(
            admin_ctx, fakes.request_spec(), [instance.uuid])


def test_client_targets_the_scheduler_topic():
    client = scheduler_rpcapi.SchedulerAPI().client
    assert client.target.topic == 'scheduler'
    assert client.target.version == '1.0'
