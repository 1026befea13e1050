"""The one seam between minova and its concurrency model.

minova runs like Nova: eventlet green threads for builds and for the API
server. Everything else in the tree asks this module for a thread, a lock
or a pool, so moving the services to native threads later means changing
this module (and ``monkey_patch``), not the managers. oslo.service (the
service loop, timers, signals) is told the same model here.
"""

import contextlib

import eventlet
import eventlet.semaphore
import eventlet.tpool
from oslo_service import backend as service_backend

_patched = False


def monkey_patch():
    """Patch the standard library for green threads (services only).

    psycopg2 is made green by ``green_database_driver`` when a service
    opens a PostgreSQL database, not here: eventlet's default imports
    psycopg2 (5 MB) into every process, the compute hosts and every
    service on MariaDB or SQLite included (issue 15)."""
    global _patched
    if not _patched:
        eventlet.monkey_patch(psycopg=False)
        service_backend.init_backend(service_backend.BackendType.EVENTLET)
        _patched = True


def green_database_driver(url):
    """Before the first connection to ``url`` (a SQLAlchemy URL): in a
    patched process, psycopg2 waits on its sockets as a green thread."""
    if _patched and url.startswith('postgresql'):
        eventlet.monkey_patch(psycopg=True)


def spawn(func, *args, **kwargs):
    """Run ``func`` in a new green thread; returns a handle with wait()."""
    return eventlet.spawn(func, *args, **kwargs)


def sleep(seconds=0):
    eventlet.sleep(seconds)


def run_in_thread(func, *args, **kwargs):
    """Run the blocking ``func`` (a C library call, e.g. libvirt) in a
    native thread; only the calling green thread waits for it."""
    return eventlet.tpool.execute(func, *args, **kwargs)


@contextlib.contextmanager
def time_limit(seconds):
    """Raise TimeoutError in the calling green thread when the block has
    not finished after ``seconds`` (it must yield: sleep, I/O or
    run_in_thread). A native thread it waited on is left to finish."""
    timer = eventlet.Timeout(seconds)
    try:
        yield
    except eventlet.Timeout as error:
        if error is not timer:
            raise
        raise TimeoutError('no answer in %ss' % seconds) from None
    finally:
        timer.cancel()


def semaphore(limit):
    """A counting semaphore; ``limit`` 0 means no limit."""
    if not limit:
        return _Unlimited()
    return eventlet.semaphore.Semaphore(limit)


class _Unlimited:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
