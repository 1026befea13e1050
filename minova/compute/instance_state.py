"""An instance's state moves: every one that more than one process makes.

Each move is one conditional save (on a compute host it goes through the
conductor) that names the task state it expects, as Nova's
``instance.save(expected_task_state=...)`` does: a service that moved the
instance on meanwhile (a user's delete during a build) wins, and the move
raises UnexpectedTaskState instead of overwriting it. A move that fails
leaves the object as it was, so no later save writes it by accident.

An action on a compute host, in these terms::

    api:      instance_state.advance(instance, task_states.POWERING_OFF)
    compute:  with instance_state.acting(ctx, instance, host, 'power_off',
                                         'compute_stop_instance'):
                  driver.power_off(instance)
                  instance_state.finish(ctx, instance, host, 'power_off',
                                        vm_states.STOPPED, power,
                                        [task_states.POWERING_OFF])

``acting`` records the fault, notifies and reverts (or sets ERROR) when
the work fails; ``unless_gone`` is the one place where "the instance was
deleted meanwhile" ends the work instead of failing it; ``set_placement``
is the one writer of ``host``/``node``, except for ``finish_move``, the
end of a move (compute/resize.py), which writes the new host with the
new flavor in the same save.
"""

import contextlib
import types

from oslo_log import log as logging
from oslo_utils import excutils

from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states
from minova import exception
from minova.metrics import registry as metrics
from minova import notifications
from minova import objects
from minova.objects import instance_action
from minova.timeline import spans

LOG = logging.getLogger(__name__)

# The instance was deleted (or its delete began) while we worked on it.
GONE = (exception.InstanceNotFound, exception.UnexpectedDeletingTaskState)

# What ``acting`` does when the work fails.
REVERT = 'revert'       # clear the task state, keep the vm_state
ERROR = 'error'         # vm_state ERROR


@contextlib.contextmanager
def unless_gone(instance, on_gone=None):
    """Run the block; if the instance is gone meanwhile, log it once,
    call ``on_gone()`` (give back what the block took) and carry on after
    the block. The value bound by ``as`` tells afterwards (``.gone``)."""
    outcome = types.SimpleNamespace(gone=False)
    try:
        yield outcome
    except GONE as error:
        outcome.gone = True
        LOG.info('Instance was deleted meanwhile; stopping (%s)',
                 error.format_message(), instance=instance)
        if on_gone is not None:
            on_gone()


def _move(instance, expected_task_state, expected_vm_state=None,
          action_records=None, fault=None, **values):
    """Set ``values`` and save them in one write that expects
    ``expected_task_state`` (a list; the object's own task state when
    None) and ``expected_vm_state`` (a list, when given), with
    ``action_records`` (events, spans: objects/instance_action.py
    records_write) and ``fault`` (a new InstanceFault) in its
    transaction. On failure the object gets its old values back and
    neither is written."""
    if expected_task_state is None:
        expected_task_state = [instance.task_state]
    pending = instance.obj_what_changed()
    old = {name: instance[name] for name in values
           if instance.obj_attr_is_set(name)}
    for name, value in values.items():
        instance[name] = value
    try:
        extra = {'action_records': action_records} if action_records else {}
        instance.save(expected_task_state=list(expected_task_state),
                      expected_vm_state=expected_vm_state, fault=fault,
                      **extra)
    except Exception:
        with excutils.save_and_reraise_exception():
            for name, value in old.items():
                instance[name] = value
            instance.obj_reset_changes(set(values) - pending)


def advance(instance, task_state, expected_task_state=None,
            expected_vm_state=None, action_records=None, **values):
    """Move to ``task_state`` (the next step of an action, or its start
    from None), expecting the task state the object is in (and, when
    given, one of ``expected_vm_state``), with ``action_records``."""
    _move(instance, expected_task_state, expected_vm_state,
          action_records=action_records, task_state=task_state, **values)


def still_in(instance, expected_task_state):
    """True while the instance is (in the database) in one of
    ``expected_task_state``. A message that waited in a queue while its
    host restarted finds its task settled by the restart (or a user's
    delete) and must not act on the guest: False, logged."""
    try:
        instance.save(expected_task_state=list(expected_task_state))
    except (exception.UnexpectedTaskState,) + GONE as error:
        LOG.info('Not acting on a stale request: %s',
                 error.format_message(), instance=instance)
        return False
    return True


def set_placement(instance, host, node, **values):
    """The one writer of host/node: the scheduler's pick, a compute claim
    (with the build's next ``values``, in the same save) and its abort
    (None, None)."""
    _move(instance, None, host=host, node=node, **values)


def clear_placement(instance):
    set_placement(instance, None, None)


def finish(context, instance, host, action, vm_state, power,
           expected_task_state, action_records=None, **values):
    """``action`` ended well on ``host``: the vm and power state it ends
    in, no task state, the action's finish time and
    ``instance.<action>.end``; the action's steps here (spans) and
    ``action_records`` in the same save."""
    _finishing(context, instance, expected_task_state, action_records,
               vm_state=vm_state, task_state=None, power_state=power,
               **values)
    _finished(context, instance, host, action)


def _finishing(context, instance, expected_task_state, action_records,
               **values):
    """The save that ends an action, with its steps' spans and the
    action's finish: who sees it done sees its timeline, and it costs
    one conductor call. A failed save keeps the spans for a later
    flush."""
    pending = spans.take(context)
    records = dict(action_records or {}, spans=pending, finish_action=True,
                   request_id=context.request_id)
    try:
        _move(instance, expected_task_state, action_records=records,
              **values)
    except Exception:
        with excutils.save_and_reraise_exception():
            spans.restore(context, pending)


def _finished(context, instance, host, action):
    if action == 'create':
        metrics.record_build('ACTIVE')
    notifications.notify_about_instance_action(context, instance, host,
                                               action, 'end')


def finish_move(context, instance, host, node, action, vm_state, power,
                expected_task_state, **values):
    """A move's ``action`` ended well on ``host``, where the instance
    lives from now on (``node`` of it), in the same save as its new
    flavor (``values``)."""
    _finishing(context, instance, expected_task_state, None,
               vm_state=vm_state, task_state=None, power_state=power,
               host=host, node=node, **values)
    _finished(context, instance, host, action)


def fail(context, instance, error, host, action='create',
         binary='minova-compute', clear_placement=False):
    """``action`` failed for good: vm_state ERROR without a task state
    (and without a host when ``clear_placement``), a fault that says
    why, ``instance.<action>.error``."""
    LOG.error('%s failed, setting ERROR: %s', action, _message(error),
              instance=instance)
    placement = {'host': None, 'node': None} if clear_placement else {}
    _move(instance, None, fault=_fault(context, instance, error, host),
          vm_state=vm_states.ERROR, task_state=None, **placement)
    if action == 'create':
        metrics.record_build('ERROR')
    _notify_error(context, instance, error, host, action, binary)


def revert(context, instance, error, host, action,
           binary='minova-compute', **values):
    """``action`` failed and changed nothing: the task state is cleared
    (the vm_state stays unless ``values`` set it), with a fault and
    ``instance.<action>.error``."""
    LOG.error('%s failed: %s', action, _message(error), instance=instance)
    _move(instance, None, fault=_fault(context, instance, error, host),
          task_state=None, **values)
    _notify_error(context, instance, error, host, action, binary)


def reset_for_reschedule(context, instance, error, host):
    """A build failed on ``host`` and another host may try: back to
    ``scheduling`` with no host, a fault that says why this host failed
    and ``instance.create.error``."""
    _move(instance, None, fault=_fault(context, instance, error, host),
          task_state=task_states.SCHEDULING, host=None, node=None,
          power_state=power_state.NOSTATE)
    metrics.record_build('RESCHEDULED')
    _notify_error(context, instance, error, host, 'create')


@contextlib.contextmanager
def acting(context, instance, host, action, event, on_failure=REVERT):
    """The work of ``action`` on ``host``: its action event and
    ``instance.<action>.start``; when the work fails, the instance
    reverted or (``on_failure=ERROR``) in ERROR, with the fault. The
    error goes on up. A task state that another request changed
    meanwhile (preempted, or deleting) is left as that request set it."""
    notifications.notify_about_instance_action(context, instance, host,
                                               action, 'start')
    with instance_action.EventReporter(context, event, host, instance.uuid):
        try:
            yield
        except exception.UnexpectedTaskState as error:
            LOG.info('%s was preempted: %s', action, error.format_message(),
                     instance=instance)
            raise
        except Exception as error:
            with excutils.save_and_reraise_exception():
                with unless_gone(instance):
                    if on_failure == ERROR:
                        fail(context, instance, error, host, action)
                    else:
                        revert(context, instance, error, host, action)
        finally:
            # The steps that did not end in ``finish`` (a failure, a step
            # of a move that the next host finishes).
            spans.flush(context, [instance.uuid])


def _fault(context, instance, error, host):
    """The fault a failed move writes with the move (one transaction, so
    whoever sees ERROR sees why)."""
    return objects.InstanceFault.from_exception(context, instance.uuid,
                                                error, host=host)


def _notify_error(context, instance, error, host, action,
                  binary='minova-compute'):
    notifications.notify_about_instance_action(
        context, instance, host, action, 'error', binary=binary,
        exception=error)


def _message(error):
    return (error.format_message()
            if isinstance(error, exception.MinovaException) else str(error))
