"""GET /metrics on the service's local port: the Prometheus text a
scraper reads; a taken port leaves the service running without it."""

import socket

from eventlet.green.urllib import request as green_request
from prometheus_client import parser

from minova.metrics import http as metrics_http
from minova.metrics import registry


def _fetch(server, path='/metrics'):
    with green_request.urlopen('http://127.0.0.1:%d%s' % (server.port, path),
                               timeout=10) as resp:
        return resp.status, resp.headers['Content-Type'], resp.read()


def test_off_serves_nothing(conf):
    registry.reset()
    assert metrics_http.start('minova-api') is None


def test_ports_per_service(conf):
    assert metrics_http.port_for('minova-api') == 9781
    assert metrics_http.port_for('minova-conductor') == 9782
    assert metrics_http.port_for('minova-other') == 0
    conf.config(port=9999, group='metrics')
    assert metrics_http.port_for('minova-other') == 9999


def test_serves_prometheus_text(conf, metrics):
    conf.config(service_ports={'minova-scheduler': '0'}, group='metrics')
    server = metrics_http.start('minova-scheduler', 'sched1')
    try:
        assert server.host == '127.0.0.1' and server.port
        registry.record_build('ERROR')
        status, content_type, body = _fetch(server)
        assert status == 200
        assert content_type.startswith('text/plain; version=')
        families = {f.name: f for f in
                    parser.text_string_to_metric_families(body.decode())}
        [info] = families['minova_service_info'].samples
        assert info.labels['binary'] == 'minova-scheduler'
        assert info.labels['host'] == 'sched1'
        builds = {s.labels['outcome']: s.value
                  for s in families['minova_builds'].samples
                  if s.name == 'minova_builds_total'}
        assert builds == {'ACTIVE': 0, 'ERROR': 1, 'RESCHEDULED': 0}
    finally:
        server.stop()


def test_a_taken_port_is_logged_not_fatal(conf, metrics):
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen(1)
        conf.config(service_ports={'minova-api': str(
            taken.getsockname()[1])}, group='metrics')
        assert metrics_http.start('minova-api') is None
