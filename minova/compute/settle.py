"""State actions (and rescues) a restart of the compute host interrupted.

An instance found at start in ``pausing``, ``suspending``, ... would stay
there forever: the work may have half happened and its message is gone
(or still queued). The guest's power state says where it ended; the
instance is put there with the task state cleared, and a message still
queued then finds its task state changed and does nothing (the manager
checks it before touching the guest).
"""

from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states

# task state -> (vm_state if the guest runs, if paused, otherwise)
_ENDS = {
    task_states.PAUSING: (vm_states.ACTIVE, vm_states.PAUSED,
                          vm_states.STOPPED),
    task_states.UNPAUSING: (vm_states.ACTIVE, vm_states.PAUSED,
                            vm_states.STOPPED),
    task_states.SUSPENDING: (vm_states.ACTIVE, vm_states.PAUSED,
                             vm_states.SUSPENDED),
    task_states.RESUMING: (vm_states.ACTIVE, vm_states.PAUSED,
                           vm_states.SUSPENDED),
    task_states.SOFT_DELETING: (vm_states.ACTIVE, vm_states.PAUSED,
                                vm_states.SOFT_DELETED),
    task_states.RESTORING: (vm_states.ACTIVE, vm_states.PAUSED,
                            vm_states.SOFT_DELETED),
    # A guest that never got its (un)rescue is where it was: one running
    # from its rescue disk is still rescued.
    task_states.RESCUING: (vm_states.ACTIVE, vm_states.PAUSED,
                           vm_states.STOPPED),
    task_states.UNRESCUING: (vm_states.RESCUED, vm_states.RESCUED,
                             vm_states.RESCUED),
}

INTERRUPTIBLE = tuple(_ENDS)


def settled_vm_state(task_state, power):
    """Where an action interrupted in ``task_state`` ended, by the
    guest's power state."""
    running, paused, otherwise = _ENDS[task_state]
    if power == power_state.RUNNING:
        return running
    if power == power_state.PAUSED:
        return paused
    return otherwise
