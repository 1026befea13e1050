"""The metrics of this process, made on first use when ``[metrics]
enabled`` is on; ``get()`` is None otherwise (or without
prometheus_client, which is an optional dependency: ``pip install
prometheus_client``)."""

import types

from oslo_log import log as logging

import minova.conf

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# Seconds; RPC calls may wait up to rpc_response_timeout (60 s).
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
           30.0, 60.0)

BUILD_OUTCOMES = ('ACTIVE', 'ERROR', 'RESCHEDULED')

_metrics = None


def _make(prometheus_client):
    p = prometheus_client
    registry = p.CollectorRegistry()
    p.ProcessCollector(registry=registry)
    p.PlatformCollector(registry=registry)
    api_labels = ('api', 'method', 'route', 'status')
    builds = p.Counter('minova_builds', 'Builds that ended, by outcome.',
                       ('outcome',), registry=registry)
    for outcome in BUILD_OUTCOMES:
        builds.labels(outcome)      # 0 until the first one
    return types.SimpleNamespace(
        registry=registry,
        service=p.Info('minova_service', 'The service of this process.',
                       registry=registry),
        api_requests=p.Counter(
            'minova_api_requests', 'REST API requests answered.',
            api_labels, registry=registry),
        api_duration=p.Histogram(
            'minova_api_request_duration_seconds',
            'Seconds until the response of a REST API request started.',
            api_labels, buckets=BUCKETS, registry=registry),
        rpc_client=p.Counter(
            'minova_rpc_client_messages',
            'RPC messages sent: kind is call or cast; outcome ok or the '
            'exception\'s class.',
            ('topic', 'method', 'kind', 'outcome'), registry=registry),
        rpc_call_duration=p.Histogram(
            'minova_rpc_client_call_duration_seconds',
            'Seconds an RPC call waited for its reply.',
            ('topic', 'method'), buckets=BUCKETS, registry=registry),
        rpc_server=p.Counter(
            'minova_rpc_server_messages',
            'RPC messages this service\'s RPC server handled.',
            ('topic', 'method', 'outcome'), registry=registry),
        rpc_server_duration=p.Histogram(
            'minova_rpc_server_duration_seconds',
            'Seconds this service spent in an RPC method.',
            ('topic', 'method'), buckets=BUCKETS, registry=registry),
        builds=builds)


def get():
    """This process's metrics, or None: metrics are off."""
    global _metrics
    if _metrics is None:
        if not CONF.metrics.enabled:
            return None
        try:
            import prometheus_client
        except ImportError:
            LOG.error('[metrics] enabled is set but prometheus_client is '
                      'not installed: no metrics')
            _metrics = False
        else:
            _metrics = _make(prometheus_client)
    return _metrics or None


def reset():
    """Forget the metrics (tests: a fresh registry)."""
    global _metrics
    _metrics = None


def outcome_of(error):
    """The ``outcome`` label of a message: ok, or the error's class."""
    return 'ok' if error is None else type(error).__name__


def record_build(outcome):
    """A build ended in ``outcome`` (one of BUILD_OUTCOMES)."""
    metrics = get()
    if metrics is not None:
        metrics.builds.labels(outcome).inc()


def exposition():
    """(body, content type) of the metrics, in Prometheus text format."""
    import prometheus_client
    metrics = get()
    return (prometheus_client.generate_latest(metrics.registry),
            prometheus_client.CONTENT_TYPE_LATEST)
