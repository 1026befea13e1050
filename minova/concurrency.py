"""The one seam between minova and its concurrency model.

minova runs like Nova: eventlet green threads for builds and for the API
server. Everything else in the tree asks this module for a thread, a lock
or a pool, so moving the services to native threads later means changing
this module (and ``monkey_patch``), not the managers.
"""

import eventlet
import eventlet.semaphore

_patched = False


def monkey_patch():
    """Patch the standard library for green threads (services only)."""
    global _patched
    if not _patched:
        eventlet.monkey_patch()
        _patched = True


def spawn(func, *args, **kwargs):
    """Run ``func`` in a new green thread; returns a handle with wait()."""
    return eventlet.spawn(func, *args, **kwargs)


def spawn_after(seconds, func, *args, **kwargs):
    return eventlet.spawn_after(seconds, func, *args, **kwargs)


def sleep(seconds=0):
    eventlet.sleep(seconds)


class Pool:
    """A bounded set of green threads."""

    def __init__(self, size):
        self._pool = eventlet.GreenPool(size)

    def spawn(self, func, *args, **kwargs):
        return self._pool.spawn(func, *args, **kwargs)

    def waitall(self):
        self._pool.waitall()


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
