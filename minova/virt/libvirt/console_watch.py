"""When a guest's serial console log first shows a line (the timeline's
"guest ready" step: the test image prints ``minova-guest ready``).

A bounded, cheap watch: every ``interval`` seconds it reads only what the
guest wrote since the last look, so a watch costs one small read per
interval for at most ``timeout`` seconds, in a green thread of its own.
"""

from oslo_utils import timeutils

from minova import concurrency


def wait_for_text(path, text, timeout, interval=0.5):
    """The UTC time ``text`` was first seen in the file ``path``, or None
    when ``timeout`` seconds passed or there is no such file (the guest
    was deleted)."""
    needle = text.encode()
    watch = timeutils.StopWatch(duration=timeout).start()
    offset, tail = 0, b''
    while True:
        try:
            with open(path, 'rb') as log:
                log.seek(offset)
                chunk = log.read()
        except FileNotFoundError:
            # A running guest has its log: no log, no guest (deleted).
            return None
        if chunk:
            offset += len(chunk)
            # A line may be split between two reads.
            if needle in tail + chunk:
                return timeutils.utcnow()
            tail = chunk[-len(needle):]
        if watch.expired():
            return None
        concurrency.sleep(min(interval, max(0.0, watch.leftover())))
