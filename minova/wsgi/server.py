"""An eventlet WSGI server bound to one address, as Nova's API runs.

Both minova-api and minova-image-api serve their paste pipeline with it;
it is an oslo.service service, so ``minova.service.serve`` runs it with
the same signal handling as the RPC services.
"""

import socket

import eventlet
import eventlet.wsgi
from oslo_log import log as logging
from oslo_service import service

from minova import concurrency

LOG = logging.getLogger(__name__)


class Server(service.ServiceBase):
    def __init__(self, name, app, host, port, pool_size=100):
        self.name = name
        self.app = app
        self._pool = eventlet.GreenPool(pool_size)
        # reuse_port=False: eventlet's default SO_REUSEPORT would let a
        # second service bind the same port and silently share its traffic.
        self._socket = eventlet.listen((host, port), family=socket.AF_INET,
                                       backlog=128, reuse_port=False)
        self.host, self.port = self._socket.getsockname()[:2]
        self._thread = None

    def start(self):
        LOG.info('%s listening on http://%s:%s', self.name, self.host,
                 self.port)
        self._thread = concurrency.spawn(
            eventlet.wsgi.server, self._socket, self.app,
            # eventlet logs through our logger at its own levels; the
            # pipeline's access log (minova.wsgi.access_log) writes one
            # line per request, so eventlet's own would repeat it.
            custom_pool=self._pool, log=LOG, log_output=False,
            keepalive=True, socket_timeout=900, debug=False)

    def reset(self):
        """SIGHUP: nothing to rebuild; the mutable options are re-read."""
        LOG.info('%s re-read its configuration (SIGHUP)', self.name)

    def stop(self):
        if self._thread is not None:
            self._thread.kill()
            self._thread = None
        self._socket.close()

    def wait(self):
        if self._thread is not None:
            try:
                self._thread.wait()
            except eventlet.greenlet.GreenletExit:
                pass
