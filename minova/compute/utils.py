"""Small helpers the compute manager's units share."""

import contextlib

from oslo_log import log as logging

from minova import exception
from minova import objects

LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def fault_on_error(context, instance, host):
    """On failure: record a fault, clear the task state, re-raise.

    An instance that was deleted meanwhile only gets a log line.
    """
    try:
        yield
    except Exception as error:
        LOG.error('%s failed: %s', type(error).__name__, error,
                  instance=instance)
        try:
            objects.InstanceFault.from_exception(
                context, instance.uuid, error, host=host).create()
            instance.task_state = None
            instance.save()
        except exception.InstanceNotFound:
            pass
        raise


def elapsed(started):
    import time
    return '%.3fs' % (time.monotonic() - started)
