"""The one seam between minova and its concurrency model.

minova runs like Nova: eventlet green threads for builds and for the API
server. Everything else in the tree asks this module for a thread, a lock
or a pool, so moving the services to native threads later means changing
this module (and ``monkey_patch``), not the managers.
"""

import os
import signal

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


def wait_for_stop_signal():
    """Block the calling green thread until SIGTERM or SIGINT; return it.

    The handlers do nothing themselves: Python runs them inside eventlet's
    hub, which then resumes its poll with the old time-out, so work done
    there may wait up to a minute. ``set_wakeup_fd`` writes the signal
    number to a pipe instead, and this green thread wakes at once.
    """
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    signal.set_wakeup_fd(write_fd)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: None)

    def _read():
        while True:
            data = os.read(read_fd, 1)  # green once monkey patched
            if data and data[0] in (signal.SIGTERM, signal.SIGINT):
                return data[0]
    return spawn(_read).wait()
