"""minova-image-api: the Image API v2 service, served by eventlet.

It needs the database (the image tables, ``minova-manage db sync``) and
the file store under ``[image_api] store_path``; no RPC.
"""

import os
import signal
import sys

from minova import concurrency

# Before anything else imports socket or threading.
concurrency.monkey_patch()

from oslo_log import log as logging  # noqa: E402

from minova import config  # noqa: E402
import minova.conf  # noqa: E402
from minova.image_api import app  # noqa: E402
from minova.wsgi import server as wsgi_server  # noqa: E402

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def _wait_for_signal(read_fd):
    """The number of the first SIGTERM/SIGINT, read from the wakeup pipe.

    The signal handlers themselves do nothing: Python runs them inside
    eventlet's hub and then restarts the hub's epoll with its old timeout,
    so work done there may wait up to a minute. ``set_wakeup_fd`` writes
    the signal number to a pipe instead, and this green thread wakes.
    """
    while True:
        data = os.read(read_fd, 1)  # green: monkey-patched
        if data and data[0] in (signal.SIGTERM, signal.SIGINT):
            return data[0]


def main():
    config.parse_args(sys.argv, init_rpc=False)
    server = wsgi_server.Server(
        'minova-image-api', app.build_app(CONF), CONF.image_api.bind_host,
        CONF.image_api.bind_port,
        pool_size=CONF.image_api.workers_pool_size)
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    signal.set_wakeup_fd(write_fd)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: None)
    server.start()
    signum = concurrency.spawn(_wait_for_signal, read_fd).wait()
    LOG.info('Caught signal %s, stopping', signum)
    server.stop()
    server.wait()


if __name__ == '__main__':
    main()
