"""The one seam between minova and its concurrency model.

minova runs like Nova: eventlet green threads for builds and for the API
server. Everything else in the tree asks this module for a thread, a lock
or a pool, so moving the services to native threads later means changing
this module (and ``monkey_patch``), not the managers.
"""

import contextlib
import os
import signal

import eventlet
import eventlet.semaphore
import eventlet.tpool

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
