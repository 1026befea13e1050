"""minova.rpc: contexts and objects through the serializers, and a real
call and cast over the fake transport."""

import datetime
import time

import oslo_messaging as messaging
import pytest

from minova import context as minova_context
from minova import exception
from minova import objects
from minova import rpc


def _context():
    return minova_context.RequestContext(
        user_id='alice', project_id='proj1', roles=['member', 'reader'],
        read_deleted='yes', remote_address='192.0.2.1',
        global_request_id='req-' + 'b' * 36)


def test_context_round_trip():
    serializer = rpc.RequestContextSerializer(messaging.NoOpSerializer())
    ctx = _context()
    wire = serializer.serialize_context(ctx)
    assert isinstance(wire, dict)
    back = serializer.deserialize_context(wire)
    assert isinstance(back, minova_context.RequestContext)
    for attr in ('user_id', 'project_id', 'roles', 'read_deleted',
                 'remote_address', 'request_id', 'global_request_id',
                 'is_admin'):
        assert getattr(back, attr) == getattr(ctx, attr), attr
    assert back.timestamp == ctx.timestamp.replace(tzinfo=None)


def test_objects_through_the_serializer():
    serializer = rpc._object_serializer()
    flavor = objects.Flavor(id=1, flavorid='1', name='tiny', memory_mb=64,
                            vcpus=1, root_gb=0, ephemeral_gb=0, swap=0)
    spec = objects.RequestSpec(flavor=flavor, num_instances=2,
                               scheduler_hints={'group': ['g']})
    ctx = _context()
    wire = serializer.serialize_entity(ctx, {'spec': spec, 'n': [1, 'a']})
    assert wire['spec']['minova_object.name'] == 'RequestSpec'
    assert wire['n'] == [1, 'a']
    back = serializer.deserialize_entity(ctx, wire)
    assert isinstance(back['spec'], objects.RequestSpec)
    assert back['spec'].flavor.name == 'tiny'
    assert back['spec'].scheduler_hints == {'group': ['g']}
    assert back['spec']._context is ctx


def test_notification_payloads_become_primitives():
    serializer = rpc.JsonPayloadSerializer()
    when = datetime.datetime(2024, 1, 2, 3, 4, 5)
    assert serializer.serialize_entity(None, {'at': when, 's': {1}}) == \
        {'at': '2024-01-02T03:04:05.000000', 's': [1]}


class Endpoint:
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.seen = []

    def echo(self, context, spec):
        self.seen.append((context, spec))
        return objects.SchedulerRetries(num_attempts=spec.num_instances,
                                        hosts=[[context.user_id, 'n']])

    @messaging.expected_exceptions(exception.MinovaException)
    def fail(self, context):
        raise exception.InstanceNotFound(instance_id='i-1')

    def note(self, context, value):
        self.seen.append((context, value))


@pytest.fixture
def server():
    endpoint = Endpoint()
    srv = rpc.get_server(messaging.Target(topic='test', server='s1'),
                         [endpoint])
    srv.start()
    yield endpoint
    srv.stop()
    srv.wait()


def test_call_and_cast_over_the_fake_transport(server, conf):
    client = rpc.get_client(messaging.Target(topic='test', version='1.0'))
    conf.config(rpc_response_timeout=10)
    ctx = _context()
    result = client.call(ctx, 'echo', spec=objects.RequestSpec(
        num_instances=3))
    assert isinstance(result, objects.SchedulerRetries)
    assert result.num_attempts == 3 and result.hosts == [['alice', 'n']]
    remote_ctx, spec = server.seen[0]
    assert isinstance(remote_ctx, minova_context.RequestContext)
    assert remote_ctx.request_id == ctx.request_id
    assert isinstance(spec, objects.RequestSpec)

    with pytest.raises(exception.InstanceNotFound) as error:
        client.call(ctx, 'fail')
    assert error.value.format_message() == \
        'Instance i-1 could not be found.'

    client.prepare(server='s1').cast(ctx, 'note', value=7)
    for _ in range(100):
        if len(server.seen) == 2:
            break
        time.sleep(0.01)
    assert server.seen[1][1] == 7


def test_notifier_publisher_id():
    assert rpc.get_notifier('minova-compute', 'h1').publisher_id == \
        'minova-compute:h1'
    assert rpc.get_notifier('minova-api').publisher_id == 'minova-api'


def test_init_twice_keeps_the_transport(conf):
    transport = rpc.TRANSPORT
    rpc.init(conf.conf, url='fake:/')
    assert rpc.TRANSPORT is transport


def test_clients_need_init():
    rpc.cleanup()
    with pytest.raises(AssertionError):
        rpc.get_client(messaging.Target(topic='x'))


class _Unroutable:
    """An oslo.messaging client on which the first ``misses`` sends find
    no queue (RabbitMQ returned the mandatory message)."""

    timeout = None
    target = messaging.Target(topic='conductor')

    def __init__(self, misses):
        self.misses = misses
        self.sent = []

    def _send(self, method):
        self.sent.append(method)
        if len(self.sent) <= self.misses:
            raise messaging.MessageUndeliverable(
                Exception('NO_ROUTE'), 'minova', 'conductor', 'msg')
        return 'answer'

    def call(self, ctxt, method, **kwargs):
        return self._send(method)

    def cast(self, ctxt, method, **kwargs):
        self._send(method)


@pytest.fixture
def no_resend_wait(monkeypatch):
    monkeypatch.setattr(rpc, 'UNROUTABLE_RESEND_INTERVAL', 0)


def test_a_request_no_queue_took_is_sent_again(no_resend_wait):
    client = _Unroutable(misses=3)
    assert rpc.NamedTimeoutClient(client).call(None, 'ping') == 'answer'
    assert client.sent == ['ping'] * 4
    client = _Unroutable(misses=2)
    rpc.NamedTimeoutClient(client).cast(None, 'build_instances')
    assert client.sent == ['build_instances'] * 3


def test_resending_is_bounded(no_resend_wait, monkeypatch, conf):
    monkeypatch.setattr(rpc, 'UNROUTABLE_RESEND_SECONDS', 0.05)
    conf.config(rpc_response_timeout=7)
    client = _Unroutable(misses=10 ** 9)
    with pytest.raises(exception.ServiceTimeout) as error:
        rpc.NamedTimeoutClient(client).call(None, 'ping')
    assert isinstance(error.value, messaging.MessagingTimeout)
    assert 'conductor' in error.value.format_message()
    sent = len(client.sent)
    assert sent > 1
    # A cast that no queue takes for as long is lost, logged, not raised.
    assert rpc.NamedTimeoutClient(client).cast(None, 'note') is None
    assert len(client.sent) > sent + 1
