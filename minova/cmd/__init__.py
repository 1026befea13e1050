"""Console scripts. Services run on eventlet, patched before any import
that could create a thread or a socket."""

import os

# Name resolution stays the C library's (green through a thread pool);
# eventlet's own resolver pulls in dnspython, ~9 MB per process.
os.environ.setdefault('EVENTLET_NO_GREENDNS', 'yes')

from minova import concurrency  # noqa: E402

concurrency.monkey_patch()
