"""Off by default: no metrics, nothing wrapped; on: the families exist
and parse."""

from minova.metrics import registry
from minova.metrics import rpc as rpc_metrics
from minova.metrics import wsgi as wsgi_metrics
from tests.unit.metrics.conftest import samples
from tests.unit.metrics.conftest import value


def test_off_by_default(conf):
    registry.reset()
    assert conf.conf.metrics.enabled is False
    assert registry.get() is None
    app = object()
    assert wsgi_metrics.wrap(app, 'compute') is app
    client = object()
    assert rpc_metrics.client(client) is client
    endpoints = [object()]
    assert rpc_metrics.endpoints(None, endpoints) is endpoints
    registry.record_build('ACTIVE')     # a no-op, not an error


def test_without_prometheus_client_no_metrics(conf, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_prometheus(name, *args, **kwargs):
        if name.startswith('prometheus_client'):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    conf.config(enabled=True, group='metrics')
    registry.reset()
    monkeypatch.setattr(builtins, '__import__', no_prometheus)
    try:
        assert registry.get() is None
    finally:
        registry.reset()


def test_build_outcomes_start_at_zero_and_count(metrics):
    assert {value('minova_builds_total', outcome=o)
            for o in registry.BUILD_OUTCOMES} == {0}
    registry.record_build('ACTIVE')
    registry.record_build('ACTIVE')
    registry.record_build('ERROR')
    assert value('minova_builds_total', outcome='ACTIVE') == 2
    assert value('minova_builds_total', outcome='ERROR') == 1
    assert value('minova_builds_total', outcome='RESCHEDULED') == 0


def test_exposition_has_the_process_metrics(metrics):
    names = {name for name, _labels in samples()}
    assert 'process_cpu_seconds_total' in names or \
        'python_info' in names
    body, content_type = registry.exposition()
    assert content_type.startswith('text/plain')
    assert b'# TYPE minova_builds_total counter' in body
