"""minova-api: the compute REST API, an eventlet WSGI server run by
oslo.service (SIGTERM stops it, SIGHUP re-reads the configuration)."""

import sys

from minova.api import app
from minova.api.openstack import faults
from minova import config
import minova.conf
from minova import objects
from minova import policy
from minova import service
from minova.wsgi import server as wsgi_server

CONF = minova.conf.CONF


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    policy.init()
    server = wsgi_server.Server(
        'minova-api', app.load_app(), CONF.osapi_compute_listen,
        CONF.osapi_compute_listen_port,
        pool_size=CONF.wsgi_default_pool_size,
        error_response=faults.error_response)
    service.serve(server)


if __name__ == '__main__':
    sys.exit(main())
