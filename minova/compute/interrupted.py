"""What a restarted compute host does with the snapshots, rebuilds,
shelves and rescues it was running when it stopped (Nova's
``_init_instance``): nothing will finish them, so no instance may stay
in their task states. A rebuild had destroyed the old disk: ERROR. The
others changed nothing that stays: the task state is cleared.
"""

from oslo_log import log as logging

from minova.compute import instance_state
from minova.compute import task_states
from minova import exception

LOG = logging.getLogger(__name__)

# task state -> the action whose instance.<action>.error is sent
REVERTED = {
    task_states.IMAGE_SNAPSHOT: 'snapshot',
    task_states.IMAGE_BACKUP: 'backup',
    task_states.IMAGE_PENDING_UPLOAD: 'snapshot',
    task_states.IMAGE_UPLOADING: 'snapshot',
    task_states.SHELVING: 'shelve',
    task_states.SHELVING_IMAGE_PENDING_UPLOAD: 'shelve',
    task_states.SHELVING_IMAGE_UPLOADING: 'shelve',
    task_states.SHELVING_OFFLOADING: 'shelve_offload',
    task_states.UNSHELVING: 'unshelve',
    task_states.RESCUING: 'rescue',
    task_states.UNRESCUING: 'unrescue',
}


def recover(context, instances, host):
    for instance in instances:
        task = instance.task_state
        if task not in REVERTED and task not in task_states.REBUILD_STATES:
            continue
        LOG.warning('Task %s was interrupted by a restart', task,
                    instance=instance)
        error = exception.TaskInterrupted(task_state=task)
        with instance_state.unless_gone(instance):
            if task in task_states.REBUILD_STATES:
                instance_state.fail(context, instance, error, host,
                                    'rebuild')
            else:
                instance_state.revert(context, instance, error, host,
                                      REVERTED[task])
