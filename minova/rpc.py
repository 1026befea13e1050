"""oslo.messaging plumbing: transport, RPC clients and servers, notifier.

Contexts travel as dicts and come back as ``RequestContext``; minova's
versioned objects travel as primitives (``MinovaObjectSerializer``).
"""

import time

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_serialization import jsonutils

import minova.conf
import minova.context
from minova.metrics import rpc as rpc_metrics

LOG = logging.getLogger(__name__)

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
NOTIFIER = None

# Exceptions raised by a remote service are re-raised as themselves.
ALLOWED_EXMODS = ['minova.exception']


# oslo.messaging's RabbitMQ options, set here rather than left to its
# defaults: a RabbitMQ restart (or a dropped connection) is noticed by the
# AMQP heartbeat within ~30 s and every service reconnects by itself, soon
# and with a bounded back-off, instead of waiting on a dead socket.
RABBIT_DEFAULTS = {
    'heartbeat_timeout_threshold': 30,   # seconds without a heartbeat
    'heartbeat_rate': 3,                 # checks per threshold
    'kombu_reconnect_delay': 1.0,
    'rabbit_retry_interval': 1,
    'rabbit_retry_backoff': 2,
    'rabbit_interval_max': 10,
    # A cast to a queue nobody declared (a compute that never started)
    # is an error at once, not a message lost in silence.
    'direct_mandatory_flag': True,
}


def set_defaults(control_exchange):
    messaging.set_transport_defaults(control_exchange)
    set_rabbit_defaults(minova.conf.CONF)


def set_rabbit_defaults(conf):
    from oslo_messaging import opts as messaging_opts
    for group, opts in messaging_opts.list_opts():
        if group == 'oslo_messaging_rabbit':
            conf.register_opts(opts, group=group)
    for name, value in RABBIT_DEFAULTS.items():
        conf.set_default(name, value, group='oslo_messaging_rabbit')


def init(conf, url=None):
    """``url`` overrides [DEFAULT] transport_url (tests: ``fake:/``)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER
    if TRANSPORT is not None:
        return
    TRANSPORT = messaging.get_rpc_transport(
        conf, url=url, allowed_remote_exmods=ALLOWED_EXMODS)
    NOTIFICATION_TRANSPORT = messaging.get_notification_transport(
        conf, url=url)
    serializer = RequestContextSerializer(JsonPayloadSerializer())
    NOTIFIER = messaging.Notifier(NOTIFICATION_TRANSPORT,
                                  serializer=serializer)


def cleanup():
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER
    for transport in (TRANSPORT, NOTIFICATION_TRANSPORT):
        if transport is not None:
            transport.cleanup()
    TRANSPORT = NOTIFICATION_TRANSPORT = NOTIFIER = None


def _object_serializer():
    from minova.objects import base as objects_base
    return RequestContextSerializer(objects_base.MinovaObjectSerializer())


# Requests go with RabbitMQ's mandatory flag: one that no queue takes
# raises MessageUndeliverable instead of vanishing. It reached nobody, so
# it is sent again, every half second for up to this long. This is the
# moment after a RabbitMQ restart when a sender has reconnected and the
# receiver has not yet declared its queue again (non-durable queues go
# with the broker): without the flag a build's state save sent then was
# lost, and the build failed after the whole rpc_response_timeout.
UNROUTABLE_RESEND_SECONDS = 15
UNROUTABLE_RESEND_INTERVAL = 0.5


def get_client(target, version_cap=None):
    assert TRANSPORT is not None, 'minova.rpc.init() was not called'
    return NamedTimeoutClient(rpc_metrics.client(messaging.get_rpc_client(
        TRANSPORT, target, version_cap=version_cap,
        serializer=_object_serializer(),
        transport_options=messaging.TransportOptions(at_least_once=True))))


class NamedTimeoutClient:
    """An RPC client whose ``call`` time-out says which service did not
    answer (``exception.ServiceTimeout``, still a MessagingTimeout)
    instead of oslo.messaging's "Timed out waiting for a reply to message
    ID ...", and which sends again a request no queue took (see
    UNROUTABLE_RESEND_SECONDS)."""

    def __init__(self, client):
        self._client = client

    def prepare(self, *args, **kwargs):
        return NamedTimeoutClient(self._client.prepare(*args, **kwargs))

    def _timeout(self):
        return self._client.timeout or minova.conf.CONF.rpc_response_timeout

    def _send(self, send, method):
        """``send()``, again while no queue takes the message; raises
        MessageUndeliverable once UNROUTABLE_RESEND_SECONDS passed."""
        deadline = time.monotonic() + UNROUTABLE_RESEND_SECONDS
        while True:
            try:
                return send()
            except messaging.MessageUndeliverable:
                if time.monotonic() >= deadline:
                    raise
                LOG.warning('No %s queue took %s (RabbitMQ restarted?); '
                            'sending it again', self._client.target.topic,
                            method)
                time.sleep(UNROUTABLE_RESEND_INTERVAL)

    def call(self, ctxt, method, **kwargs):
        from minova import exception
        try:
            return self._send(lambda: self._client.call(ctxt, method,
                                                        **kwargs), method)
        except exception.ServiceTimeout:
            raise
        except (messaging.MessagingTimeout,
                messaging.MessageUndeliverable) as error:
            raise exception.ServiceTimeout(
                service=self._client.target.topic, method=method,
                timeout=self._timeout()) from error

    def cast(self, ctxt, method, **kwargs):
        """A cast no queue takes is lost, as it always was, but logged
        (fanouts go without the mandatory flag)."""
        try:
            return self._send(lambda: self._client.cast(ctxt, method,
                                                        **kwargs), method)
        except messaging.MessageUndeliverable:
            LOG.error('No %s queue took the cast %s for %ss: it is lost',
                      self._client.target.topic, method,
                      UNROUTABLE_RESEND_SECONDS)
            return None

    def __getattr__(self, name):
        return getattr(self._client, name)


def get_server(target, endpoints):
    assert TRANSPORT is not None, 'minova.rpc.init() was not called'
    # oslo.messaging's default (threading) executor runs on green threads
    # once minova.concurrency.monkey_patch() has run.
    return messaging.get_rpc_server(
        TRANSPORT, target, rpc_metrics.endpoints(target, endpoints),
        serializer=_object_serializer(),
        access_policy=messaging.DefaultRPCAccessPolicy)


def get_notifier(service, host=None):
    assert NOTIFIER is not None, 'minova.rpc.init() was not called'
    publisher_id = '%s:%s' % (service, host) if host else service
    return NOTIFIER.prepare(publisher_id=publisher_id)


class JsonPayloadSerializer(messaging.NoOpSerializer):
    @staticmethod
    def serialize_entity(context, entity):
        return jsonutils.to_primitive(entity, convert_instances=True)


class RequestContextSerializer(messaging.Serializer):
    """Carries the request context across every message."""

    def __init__(self, base):
        self._base = base

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return minova.context.RequestContext.from_dict(context)
