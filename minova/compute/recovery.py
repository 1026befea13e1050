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
* a snapshot or shelve (``image_*``, ``shelving*``): settled, and the
  image it was making (queued or saving) is deleted, as Nova deletes the
  image of a failed snapshot.
* ``rebuild*``: ERROR with a fault (the old disk may be gone), as Nova.
* ``shelving_offloading``: the offload is done again.
* an unshelve (``unshelving``, an offloaded instance's ``spawning``):
  shelved as before, task state cleared, as a failed unshelve leaves it
  (an offloaded one's half-made guest goes, its host is cleared); a
  shelved guest found running is ACTIVE.
* anything else (``powering-off``, ``powering-on``, ``rescuing``,
  ``pausing``, ... task states of later actions without a rule of their
  own): settled to what the hypervisor says (compute/settle.py), with a
  fault that says what was interrupted.

A message for the interrupted task that waited in this host's queue
arrives after the recovery, finds the task state changed and does
nothing (each action checks ``instance_state.still_in`` first).

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

    def drop_snapshot(self, instance):
        context = self._request(instance)
        try:
            self._drop_unfinished_images(context, instance)
        except Exception:       # the audit reports what is left
            LOG.warning('Could not delete the images of the interrupted '
                        'snapshot', exc_info=True, instance=instance)
        self.settle(instance)

    def _drop_unfinished_images(self, context, instance):
        """The images of ``instance`` still queued or saving go (no
        upload runs while its host starts)."""
        snapshotter = self.manager.snapshotter
        for image in snapshotter.image_api.list(
                context, {'instance_uuid': instance.uuid}):
            if image.get('status') in ('queued', 'saving'):
                LOG.info('Deleting image %s of the interrupted snapshot',
                         image['id'], instance=instance)
                snapshotter.delete_image(context, image['id'])

    def fail(self, instance):
        action = task_rules.rule_for(instance).kind
        context = self._request(instance)
        error = self._interrupted(instance, 'set to ERROR')
        instance_state.fail(context, instance, error, self.host, action)

    def finish_offload(self, instance):
        context = self._request(instance, instance_actions.SHELVE_OFFLOAD)
        self.manager.shelver.offload(context, instance, False)

    def undo_unshelve(self, instance):
        if instance.vm_state != vm_states.SHELVED_OFFLOADED:
            power = self.driver.get_info(instance).state
            if power == power_state.RUNNING:
                self.settle(instance, power)
                return
            self._undone(instance, 'still shelved', power)
            return
        context = self._request(instance)
        self.driver.destroy(context, instance,
                            self.manager.network_info(context, instance))
        instance_state.clear_placement(instance)
        self._undone(instance, 'offloaded again', power_state.NOSTATE)

    def _undone(self, instance, outcome, power):
        context = self._request(instance)
        instance_state.revert(context, instance,
                              self._interrupted(instance, outcome),
                              self.host, 'unshelve', power_state=power)

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
