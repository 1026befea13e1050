"""RPC calls and casts counted per method on both sides, over
oslo.messaging's fake transport, through minova.rpc's own clients and
servers."""

import time

import oslo_messaging as messaging
import pytest

from minova import context as minova_context
from minova import exception
from minova.metrics import rpc as rpc_metrics
from minova import rpc
from tests.unit.metrics.conftest import value


class Endpoint:
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.notes = []

    def echo(self, context, value):
        return value

    @messaging.expected_exceptions(exception.MinovaException)
    def fail(self, context):
        raise exception.InstanceNotFound(instance_id='i-1')

    def note(self, context, value):
        self.notes.append(value)


@pytest.fixture
def endpoint(metrics):
    endpoint = Endpoint()
    server = rpc.get_server(messaging.Target(topic='metered', server='s1'),
                            [endpoint])
    server.start()
    yield endpoint
    server.stop()
    server.wait()


def _wait(predicate):
    for _ in range(200):
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError('not in time')


def test_calls_and_casts_per_method(endpoint, conf):
    client = rpc.get_client(messaging.Target(topic='metered',
                                             version='1.0'))
    conf.config(rpc_response_timeout=10)
    # Counted inside the client that names a service on a time-out.
    assert isinstance(client, rpc.NamedTimeoutClient)
    assert isinstance(client._client, rpc_metrics.CountedClient)
    ctx = minova_context.get_admin_context()
    assert client.call(ctx, 'echo', value=1) == 1
    assert client.call(ctx, 'echo', value=2) == 2
    with pytest.raises(exception.InstanceNotFound):
        client.call(ctx, 'fail')
    prepared = client.prepare(server='s1')
    assert prepared.target.server == 's1'   # the client's own attributes
    prepared.cast(ctx, 'note', value=3)
    _wait(lambda: endpoint.notes == [3])

    assert value('minova_rpc_client_messages_total', topic='metered',
                 method='echo', kind='call', outcome='ok') == 2
    assert value('minova_rpc_client_messages_total', topic='metered',
                 method='fail', kind='call',
                 outcome='InstanceNotFound') == 1
    assert value('minova_rpc_client_messages_total', topic='metered',
                 method='note', kind='cast', outcome='ok') == 1
    assert value('minova_rpc_client_call_duration_seconds_count',
                 topic='metered', method='echo') == 2
    assert value('minova_rpc_server_messages_total', topic='metered',
                 method='echo', outcome='ok') == 2
    # expected_exceptions wraps what the method raised.
    assert value('minova_rpc_server_messages_total', topic='metered',
                 method='fail', outcome='ExpectedException') == 1
    _wait(lambda: value('minova_rpc_server_messages_total',
                        topic='metered', method='note', outcome='ok') == 1)
    assert value('minova_rpc_server_duration_seconds_count',
                 topic='metered', method='echo') == 2


def test_private_methods_stay_private(endpoint, conf):
    client = rpc.get_client(messaging.Target(topic='metered',
                                             version='1.0'))
    conf.config(rpc_response_timeout=2)
    with pytest.raises(Exception):
        client.call(minova_context.get_admin_context(), '__init__')
    counted = rpc_metrics.CountedEndpoint(Endpoint(), 'metered', None)
    assert counted.target.version == '1.0'
    assert counted.notes == []
