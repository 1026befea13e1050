"""``GET /metrics`` of this process on ``[metrics] host`` and the
service's port, served by the same eventlet WSGI server as the APIs.
The app is plain WSGI: webob stays out of the RPC services (issue 15)."""

from oslo_log import log as logging

import minova.conf
from minova.metrics import registry
from minova import version

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def port_for(binary):
    return int(CONF.metrics.service_ports.get(binary, CONF.metrics.port))


def metrics_app(environ, start_response):
    if environ.get('PATH_INFO') not in ('/', '/metrics'):
        body, status = b'Not Found', '404 Not Found'
        content_type = 'text/plain; charset=UTF-8'
    else:
        body, content_type = registry.exposition()
        status = '200 OK'
    start_response(status, [('Content-Type', content_type),
                            ('Content-Length', str(len(body)))])
    if environ.get('REQUEST_METHOD') == 'HEAD':
        return [b'']
    return [body]


def start(binary, host=None):
    """Serve the metrics of ``binary`` (a service's name) when metrics
    are on; the started server, or None. A port that is taken is logged
    and leaves the service running without metrics."""
    from minova.wsgi import server as wsgi_server
    metrics = registry.get()
    if metrics is None:
        return None
    metrics.service.info({'binary': binary, 'host': host or CONF.host,
                          'version': version.VERSION})
    try:
        server = wsgi_server.Server('%s metrics' % binary, metrics_app,
                                    CONF.metrics.host, port_for(binary),
                                    pool_size=10)
    except OSError as error:
        LOG.error('Cannot serve the metrics of %s on %s:%s: %s', binary,
                  CONF.metrics.host, port_for(binary), error)
        return None
    server.start()
    return server


def start_for(server):
    """``start`` for what minova.service.serve runs: an RPC Service
    (its binary and host) or a WSGI server (its name)."""
    binary = getattr(server, 'binary', None)
    if binary is None:
        return start(server.name)
    return start(binary, server.host)
