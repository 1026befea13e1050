"""minova.compute.rpcapi against a real ComputeManager over
oslo.messaging's fake transport: the versions of the methods reach the
manager (its target must be at least as new)."""

import time

import oslo_messaging as messaging
import pytest

from minova.compute import rpcapi as compute_rpcapi
from minova import rpc
from tests.unit.compute import fakes


@pytest.fixture
def host1(compute, conf):
    conf.config(rpc_response_timeout=10)
    server = rpc.get_server(messaging.Target(topic='compute',
                                             server='host1'), [compute])
    server.start()
    yield compute
    server.stop()
    server.wait()


def test_manager_serves_the_client_version(compute):
    client = messaging.Target(version=compute_rpcapi.ComputeAPI.VERSION)
    assert compute.target.version == client.version


def test_get_host_uptime_is_a_call(host1, context):
    line = compute_rpcapi.ComputeAPI().get_host_uptime(context, 'host1')
    assert ' up ' in line


def test_inject_network_info_is_a_cast(host1, flavor, context):
    inst = fakes.instance(flavor, context)
    host1.builder.build(context, inst, fakes.IMAGE, None, 'pw', None,
                        'host1')
    inst = fakes.reload(inst)
    compute_rpcapi.ComputeAPI().inject_network_info(context, inst)
    guest = host1.driver.guests[inst.uuid]
    for _ in range(200):
        if guest.network_info is not None:
            break
        time.sleep(0.01)
    assert guest.network_info and guest.network_info[0]['address'] == \
        'fa:16:3e:00:00:02'
