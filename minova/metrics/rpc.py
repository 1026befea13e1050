"""RPC call and cast counts per method, on both sides: the clients that
minova.rpc.get_client makes and the endpoints of minova.rpc.get_server,
wrapped only while metrics are on."""

import functools
import inspect

from oslo_utils import timeutils

from minova.metrics import registry


class CountedClient:
    """An oslo.messaging RPC client (or a prepared one) whose call and
    cast are counted; everything else is the client's own."""

    def __init__(self, client, metrics):
        self._client = client
        self._metrics = metrics

    def __getattr__(self, name):
        return getattr(self._client, name)

    def prepare(self, *args, **kwargs):
        return CountedClient(self._client.prepare(*args, **kwargs),
                             self._metrics)

    def _topic(self):
        return self._client.target.topic or ''

    def _count(self, method, kind, error):
        self._metrics.rpc_client.labels(
            self._topic(), method, kind, registry.outcome_of(error)).inc()

    def call(self, ctxt, method, **kwargs):
        error = None
        with timeutils.StopWatch() as watch:
            try:
                return self._client.call(ctxt, method, **kwargs)
            except Exception as exc:
                error = exc
                raise
            finally:
                self._count(method, 'call', error)
                self._metrics.rpc_call_duration.labels(
                    self._topic(), method).observe(watch.elapsed())

    def cast(self, ctxt, method, **kwargs):
        error = None
        try:
            return self._client.cast(ctxt, method, **kwargs)
        except Exception as exc:
            error = exc
            raise
        finally:
            self._count(method, 'cast', error)


class CountedEndpoint:
    """An RPC endpoint whose public methods are counted and timed as
    they are dispatched to; attributes (``target``) are its own."""

    def __init__(self, endpoint, topic, metrics):
        self._endpoint = endpoint
        self._topic = topic or ''
        self._metrics = metrics

    def __getattr__(self, name):
        attr = getattr(self._endpoint, name)
        # Methods only: a Target is callable too.
        if name.startswith('_') or not inspect.isroutine(attr):
            return attr
        return self._counted(name, attr)

    def _counted(self, name, method):
        @functools.wraps(method)
        def counted(*args, **kwargs):
            error = None
            with timeutils.StopWatch() as watch:
                try:
                    return method(*args, **kwargs)
                except Exception as exc:
                    error = exc
                    raise
                finally:
                    self._metrics.rpc_server.labels(
                        self._topic, name,
                        registry.outcome_of(error)).inc()
                    self._metrics.rpc_server_duration.labels(
                        self._topic, name).observe(watch.elapsed())
        return counted


def client(rpc_client):
    metrics = registry.get()
    if metrics is None:
        return rpc_client
    return CountedClient(rpc_client, metrics)


def endpoints(target, rpc_endpoints):
    metrics = registry.get()
    if metrics is None:
        return rpc_endpoints
    return [CountedEndpoint(endpoint, target.topic, metrics)
            for endpoint in rpc_endpoints]
