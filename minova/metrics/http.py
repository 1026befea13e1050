"""``GET /metrics`` of this process on ``[metrics] host`` and the
service's port, served by the same eventlet WSGI server as the APIs."""

from oslo_log import log as logging
import webob
import webob.dec

import minova.conf
from minova.metrics import registry
from minova import version

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def port_for(binary):
    return int(CONF.metrics.service_ports.get(binary, CONF.metrics.port))


@webob.dec.wsgify
def metrics_app(req):
    if req.path_info not in ('/', '/metrics'):
        return webob.Response(status=404, text='Not Found',
                              content_type='text/plain')
    body, content_type = registry.exposition()
    response = webob.Response(body=body)
    response.headers['Content-Type'] = content_type
    return response


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
