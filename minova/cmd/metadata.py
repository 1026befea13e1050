"""minova-metadata-api: the metadata service, on 127.0.0.1 (signed
requests) and on a unix socket only root can reach (the networks'
proxies, which name the asking guest by network and fixed IP)."""

import os
import socket
import sys

import eventlet
import eventlet.wsgi
from oslo_log import log as logging

from minova.api.metadata import app as metadata_app
from minova import concurrency
from minova import config
import minova.conf
from minova import objects
from minova import service
from minova.wsgi import metadata as metadata_wsgi
from minova.wsgi import server as wsgi_server

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def trusted(app):
    """Mark requests of the unix socket as coming from a proxy."""
    def wrapper(environ, start_response):
        environ[metadata_app.TRUSTED] = True
        return app(environ, start_response)
    return wrapper


def unix_listener(path):
    if os.path.exists(path):
        os.unlink(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    umask = os.umask(0o177)      # 0600: root's proxies only
    try:
        return eventlet.listen(path, family=socket.AF_UNIX)
    finally:
        os.umask(umask)


class MetadataServer(wsgi_server.Server):
    """The TCP server of wsgi_server.Server, plus the unix socket."""

    def __init__(self, app, socket_path):
        super().__init__('minova-metadata-api', app, CONF.metadata.listen,
                         CONF.metadata.listen_port)
        self.socket_path = socket_path
        self._unix = unix_listener(socket_path)
        self._unix_thread = None

    def start(self):
        super().start()
        LOG.info('minova-metadata-api listening on unix:%s',
                 self.socket_path)
        self._unix_thread = concurrency.spawn(
            eventlet.wsgi.server, self._unix, trusted(self.app),
            log=LOG, log_output=False,
            socket_timeout=60, debug=False)

    def stop(self):
        super().stop()
        if self._unix_thread is not None:
            self._unix_thread.kill()


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    server = MetadataServer(metadata_wsgi.load_app(),
                            CONF.metadata.socket_path)
    service.serve(server)


if __name__ == '__main__':
    sys.exit(main())
