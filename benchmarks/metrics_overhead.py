#!/usr/bin/env python3
"""What [metrics] enabled costs per request and per RPC message.

Measures in one process, with no network: a trivial WSGI app called
through webob with and without minova.metrics.wsgi's filter (one route
matched, as the APIs' routers mark it), and a stand-in RPC client's call
with and without minova.metrics.rpc's wrapper. The difference is what
each API request and each RPC message pays; with metrics off nothing is
wrapped, so the cost is zero.

    python benchmarks/metrics_overhead.py [--requests 20000]

It prints the figures with the load average and exits 0: a measurement,
not a test.
"""

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import webob  # noqa: E402

import minova.conf  # noqa: E402
from minova.metrics import registry  # noqa: E402
from minova.metrics import rpc as rpc_metrics  # noqa: E402
from minova.metrics import wsgi as wsgi_metrics  # noqa: E402

CONF = minova.conf.CONF


def app(environ, start_response):
    environ[wsgi_metrics.ROUTE] = '/servers/{id}'
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', '2')])
    return [b'{}']


class Client:
    class target:
        topic = 'conductor'

    def call(self, ctxt, method, **kwargs):
        return None

    def cast(self, ctxt, method, **kwargs):
        return None


def per_request_us(wsgi_app, count):
    environ = webob.Request.blank('/v2.1/servers/x').environ
    start = time.perf_counter()
    for _ in range(count):
        webob.Request(dict(environ)).get_response(wsgi_app)
    return (time.perf_counter() - start) / count * 1e6


def per_message_us(client, count):
    start = time.perf_counter()
    for _ in range(count):
        client.call(None, 'build_instances', x=1)
    return (time.perf_counter() - start) / count * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--requests', type=int, default=20000)
    args = parser.parse_args()
    CONF([], project='minova', default_config_files=[])
    CONF.set_override('enabled', True, group='metrics')
    registry.reset()
    measured = wsgi_metrics.wrap(app, 'compute')
    counted = rpc_metrics.client(Client())
    # Warm up both paths once.
    per_request_us(app, 100), per_request_us(measured, 100)
    bare_req = per_request_us(app, args.requests)
    with_req = per_request_us(measured, args.requests)
    bare_rpc = per_message_us(Client(), args.requests)
    with_rpc = per_message_us(counted, args.requests)
    print('load average: %s' % ' '.join(
        '%.2f' % load for load in os.getloadavg()))
    print('API request through webob: %.1f us bare, %.1f us with metrics '
          '(+%.1f us)' % (bare_req, with_req, with_req - bare_req))
    print('RPC call wrapper: %.2f us bare, %.2f us with metrics '
          '(+%.2f us)' % (bare_rpc, with_rpc, with_rpc - bare_rpc))
    print('(%d requests and calls each; metrics off: nothing is wrapped)'
          % args.requests)


if __name__ == '__main__':
    main()
