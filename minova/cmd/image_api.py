"""minova-image-api: the Image API v2 service, served by eventlet.

It needs the database (the image tables, its own migration chain:
``minova-manage db sync``, or ``--chain image``) and
the file store under ``[image_api] store_path``; no RPC.
"""

import sys

from minova import config
import minova.conf
from minova.image_api import app
from minova.image_api import errors
from minova import service
from minova.wsgi import server as wsgi_server

CONF = minova.conf.CONF


def main():
    config.parse_args(sys.argv, init_rpc=False)
    server = wsgi_server.Server(
        'minova-image-api', app.build_app(CONF), CONF.image_api.bind_host,
        CONF.image_api.bind_port,
        pool_size=CONF.image_api.workers_pool_size,
        error_response=errors.error_response)
    service.serve(server)


if __name__ == '__main__':
    main()
