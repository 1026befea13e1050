"""What a compute host does at start for the instances it left in a task
state: the ``on_restart`` column of compute/task_rules.py, as Nova's
``_init_instance`` decides.

* a build (any build task state): the guest and addresses it had are
  given back and the instance goes to ERROR with a fault. A build
  message still queued for it later finds the instance no longer
  building and does not run (compute/build.py expects ``building``).
* ``deleting``: the delete is finished.
* ``rebooting*``: a guest that is not running is rebooted (hard) again;
  one that runs is settled as ACTIVE.
* anything else (``powering-off``, ``powering-on``, task states of later
  actions without a rule of their own): settled to what the hypervisor
  says, with a fault that says what was interrupted.

Each recovery runs under a request of its own, recorded as an instance
action (``os-instance-actions`` shows it); one instance that cannot be
recovered is logged and never stops the service from starting.
"""

from oslo_log import log as logging

from minova.compute import instance_actions
from minova.compute import instance_state
from minova.compute import power_state
from minova.compute import settle
from minova.compute import task_rules
from minova.compute import task_states
from minova.compute import vm_states
from minova import context as minova_context
from minova import exception
from minova import objects

LOG = logging.getLogger(__name__)

# The vm_state an instance rests in for each power state of its guest.
VM_STATE_FOR_POWER = {
    power_state.RUNNING: vm_states.ACTIVE,
    power_state.PAUSED: vm_states.PAUSED,
    power_state.SUSPENDED: vm_states.SUSPENDED,
    power_state.SHUTDOWN: vm_states.STOPPED,
    power_state.CRASHED: vm_states.STOPPED,
    power_state.NOSTATE: vm_states.STOPPED,
}


def settled_vm_state(instance, power):
    """The vm_state that matches ``power``; ERROR stays ERROR. A state
    action (pause, suspend, soft delete, ...) ends where its own table
    says (compute/settle.py): a suspended guest is off but SUSPENDED."""
    if instance.vm_state == vm_states.ERROR:
        return vm_states.ERROR
    if instance.task_state in settle.INTERRUPTIBLE:
        return settle.settled_vm_state(instance.task_state, power)
    return VM_STATE_FOR_POWER.get(power, vm_states.STOPPED)


class RestartRecovery:
    """Brings this host's instances out of the task states a restart
    interrupted. ``manager`` is the ComputeManager (its driver, builder
    and RPC methods do the work)."""

    def __init__(self, manager):
        self.manager = manager

    @property
    def host(self):
        return self.manager.host

    @property
    def driver(self):
        return self.manager.driver

    def run(self, context):
        """Recover every instance of this host; how many were."""
        recovered = 0
        for instance in objects.InstanceList.get_by_host(context,
                                                         self.host):
            rule = task_rules.rule_for(instance)
            if rule is None:
                continue
            if self.recover(instance, rule):
                recovered += 1
        return recovered

    def recover(self, instance, rule):
        LOG.warning('Found the instance in task state %s (vm_state %s) at '
                    'start: %s', instance.task_state, instance.vm_state,
                    rule.on_restart, instance=instance)
        try:
            with instance_state.unless_gone(instance):
                getattr(self, rule.on_restart)(instance)
            return True
        except Exception:
            LOG.exception('Recovering the instance failed',
                          instance=instance)
            return False

    def _request(self, instance, action=None):
        """A context of its own, with ``action`` recorded on it."""
        context = minova_context.get_admin_context()
        if action is not None:
            objects.InstanceAction.action_start(context, instance.uuid,
                                                action)
        instance._context = context
        return context

    def _interrupted(self, instance, outcome):
        return exception.TaskInterrupted(
            task_state=instance.task_state or instance.vm_state,
            host=self.host, outcome=outcome)

    # -- the on_restart answers (task_rules) ------------------------------

    def fail_build(self, instance):
        context = self._request(instance, instance_actions.CREATE)
        error = self._interrupted(instance, 'the build is not retried')
        self.manager.builder.give_back(context, instance)
        instance_state.fail(context, instance, exception.BuildAbortException(
            instance_uuid=instance.uuid, reason=error.format_message()),
            self.host, clear_placement=True)

    def finish_delete(self, instance):
        context = self._request(instance, instance_actions.DELETE)
        self.manager.terminate_instance(context, instance)

    def reboot_again(self, instance):
        power = self.driver.get_info(instance).state
        if power == power_state.RUNNING:
            self.settle(instance, power)
            return
        context = self._request(instance, instance_actions.REBOOT)
        instance_state.advance(instance, task_states.REBOOTING_HARD)
        self.manager.reboot_instance(context, instance, 'HARD')

    def settle(self, instance, power=None):
        context = self._request(instance)
        if power is None:
            power = self.driver.get_info(instance).state
        vm_state = settled_vm_state(instance, power)
        error = self._interrupted(instance, 'settled as %s (power state %s)'
                                  % (vm_state, power))
        instance_state.revert(context, instance, error, self.host,
                              'recover', vm_state=vm_state,
                              power_state=power)
