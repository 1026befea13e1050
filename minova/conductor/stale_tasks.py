"""The conductor's stale-task check: no instance stays in a task state
forever.

An instance that made no progress (``coalesce(updated_at, created_at)``:
a row the API wrote and nobody touched since has no ``updated_at``) for
its kind's time-out lost its message, its process or its host. What then
happens is the ``on_stale`` column of compute/task_rules.py; every answer
records a fault that says which task timed out and what was done.

The conductor writes the database only: a build goes to ERROR (keeping
its host, so that a delete reaches the host that may hold pieces of it),
a delete is finished in the database (the guest, if any, is reaped by
its host, which frees the addresses), any other task is settled (task
state cleared; the compute's power-state sync corrects the vm_state; an
offloaded instance's unshelve also leaves the host it was placed on).
"""

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import instance_state
from minova.compute import task_rules
from minova.compute import vm_states
import minova.conf
from minova import exception
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

BINARY = 'minova-conductor'


def timeout_for(kind):
    """Seconds a task of ``kind`` may go without progress (0: forever):
    ``[conductor] instance_<kind>_timeout``, else instance_task_timeout."""
    group = CONF.conductor
    name = 'instance_%s_timeout' % kind
    return group[name] if name in group else group.instance_task_timeout


def _last_change(instance):
    return instance.updated_at or instance.created_at


def stale_instances(context):
    """(instance, rule, timeout) of every instance past its time-out."""
    kinds = {rule.kind for rule in task_rules.RULES.values()}
    kinds.add(task_rules.DEFAULT.kind)
    timeouts = [t for t in (timeout_for(k) for k in kinds) if t > 0]
    if not timeouts:
        return []
    cutoff = timeutils.utcnow() - datetime.timedelta(seconds=min(timeouts))
    candidates = objects.InstanceList.get_by_filters(
        context, {'busy': True, 'updated_before': cutoff})
    stale = []
    for instance in candidates:
        rule = task_rules.rule_for(instance)
        timeout = timeout_for(rule.kind) if rule else 0
        if timeout > 0 and timeutils.is_older_than(_last_change(instance),
                                                   timeout):
            stale.append((instance, rule, timeout))
    return stale


def check(context):
    """Settle every stale instance; returns how many were settled."""
    settled = 0
    for instance, rule, timeout in stale_instances(context):
        LOG.warning('Task %s (%s) made no progress for %ss; %s',
                    instance.task_state, rule.kind, timeout, rule.on_stale,
                    instance=instance)
        with instance_state.unless_gone(instance):
            try:
                _ACTIONS[rule.on_stale](context, instance, rule, timeout)
                settled += 1
            except exception.UnexpectedTaskState:
                pass    # it moved on meanwhile: not stale after all
    return settled


def _error(instance, timeout, outcome):
    return exception.TaskStateTimeout(
        task_state=instance.task_state or instance.vm_state,
        seconds=timeout, outcome=outcome)


def _fail_build(context, instance, rule, timeout):
    error = exception.BuildAbortException(
        instance_uuid=instance.uuid,
        reason=_error(instance, timeout,
                      'its build message or its host was lost')
        .format_message())
    instance_state.fail(context, instance, error, CONF.host, binary=BINARY)


def _finish_delete(context, instance, rule, timeout):
    """Deleted in the database; the guest stays ``uncleaned`` (holding
    its addresses) until its host reaps it."""
    error = _error(instance, timeout, 'deleted here; the host reaps the '
                   'guest when it is back')
    objects.InstanceFault.from_exception(context, instance.uuid, error,
                                         host=CONF.host).create()
    instance.destroy()


def _settle(context, instance, rule, timeout):
    error = _error(instance, timeout, 'task state cleared')
    if instance.vm_state == vm_states.SHELVED_OFFLOADED and instance.host:
        # An unshelve placed by the scheduler that its host never did:
        # an offloaded instance holds no room anywhere.
        instance_state.clear_placement(instance)
    instance_state.revert(context, instance, error, CONF.host, rule.kind,
                          binary=BINARY)


_ACTIONS = {
    task_rules.FAIL_BUILD: _fail_build,
    task_rules.FINISH_DELETE: _finish_delete,
    task_rules.REBOOT_AGAIN: _settle,
    task_rules.SETTLE: _settle,
}
