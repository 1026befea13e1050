"""minova-api: the compute REST API, served by eventlet."""

import sys

from oslo_log import log as logging

from minova.api import app
from minova import concurrency
from minova import config
import minova.conf
from minova import objects
from minova import policy
from minova.wsgi import server as wsgi_server

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    policy.init()
    server = wsgi_server.Server(
        'minova-api', app.load_app(), CONF.osapi_compute_listen,
        CONF.osapi_compute_listen_port,
        pool_size=CONF.wsgi_default_pool_size)
    server.start()
    signum = concurrency.wait_for_stop_signal()
    LOG.info('Caught signal %s, stopping', signum)
    server.stop()
    server.wait()


if __name__ == '__main__':
    sys.exit(main())
