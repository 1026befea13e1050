"""Every task state's way out: one table, one line per task state.

A task state is owned by the service doing the work; when that service
dies (or its message is lost) the instance would stay in the task state
forever. Each entry says what happens then:

* ``kind``: which time-out of the conductor's stale check bounds it
  (``[conductor] instance_<kind>_timeout``, falling back to
  ``instance_task_timeout`` for a kind without its own option);
* ``on_restart``: what a compute host does at start (``init_host``) for
  an instance of its own left in that state (compute/recovery.py);
* ``on_stale``: what the conductor's periodic check does once the
  instance made no progress for the kind's time-out
  (conductor/stale_tasks.py). The conductor has no hypervisor, so its
  answers only write the database; the compute's periodic tasks then
  bring the host in line (power-state sync, reaping deleted guests).

A new lifecycle action adds its task states here with one line each::

    task_states.IMAGE_SNAPSHOT: Rule('snapshot', SETTLE, SETTLE),

A task state missing from the table gets ``DEFAULT`` (settle), so no
state is ever without a way out.
"""

import typing

from minova.compute import task_states
from minova.compute import vm_states

# What a restarted compute host does (compute/recovery.py methods).
FAIL_BUILD = 'fail_build'        # ERROR with a fault; it never runs later
FINISH_DELETE = 'finish_delete'  # destroy the guest, free it, mark deleted
REBOOT_AGAIN = 'reboot_again'    # reboot again, or settle if it ran
SETTLE = 'settle'                # clear the task state; vm_state from the
                                 # guest's real power state (stale check:
                                 # kept), with a fault
DROP_SNAPSHOT = 'drop_snapshot'  # settle, and delete the image the
                                 # snapshot (or shelve) was making
FAIL = 'fail'                    # ERROR with a fault: the guest may be
                                 # half made (a rebuild, as Nova)
FINISH_OFFLOAD = 'finish_offload'  # the offload again: guest gone,
                                   # SHELVED_OFFLOADED
UNDO_UNSHELVE = 'undo_unshelve'  # shelved as before: an offloaded one's
                                 # half-spawned guest goes and its host is
                                 # cleared, as a failed unshelve leaves it


class Rule(typing.NamedTuple):
    kind: str
    on_restart: str
    on_stale: str


_BUILD = Rule('build', FAIL_BUILD, FAIL_BUILD)
_REBOOT = Rule('reboot', REBOOT_AGAIN, SETTLE)
_POWER = Rule('power', SETTLE, SETTLE)
# Moves: compute/resize.py recover_interrupted_moves answers a restart
# first (ERROR or cleared, the migration in error); these catch the rest.
_MOVE = Rule('move', SETTLE, SETTLE)
_SNAPSHOT = Rule('snapshot', DROP_SNAPSHOT, SETTLE)
_SHELVE = Rule('shelve', DROP_SNAPSHOT, SETTLE)
_REBUILD = Rule('rebuild', FAIL, SETTLE)
# An offloaded instance's unshelve spawns it in ``spawning`` (not a build).
_UNSHELVE = Rule('unshelve', UNDO_UNSHELVE, SETTLE)

RULES = {
    task_states.SCHEDULING: _BUILD,
    task_states.NETWORKING: _BUILD,
    task_states.BLOCK_DEVICE_MAPPING: _BUILD,
    task_states.SPAWNING: _BUILD,
    task_states.REBOOTING: _REBOOT,
    task_states.REBOOT_PENDING: _REBOOT,
    task_states.REBOOT_STARTED: _REBOOT,
    task_states.REBOOTING_HARD: _REBOOT,
    task_states.REBOOT_PENDING_HARD: _REBOOT,
    task_states.REBOOT_STARTED_HARD: _REBOOT,
    task_states.POWERING_OFF: _POWER,
    task_states.POWERING_ON: _POWER,
    task_states.DELETING: Rule('delete', FINISH_DELETE, FINISH_DELETE),
    task_states.IMAGE_SNAPSHOT: _SNAPSHOT,
    task_states.IMAGE_BACKUP: _SNAPSHOT,
    task_states.IMAGE_PENDING_UPLOAD: _SNAPSHOT,
    task_states.IMAGE_UPLOADING: _SNAPSHOT,
    task_states.REBUILDING: _REBUILD,
    task_states.REBUILD_BLOCK_DEVICE_MAPPING: _REBUILD,
    task_states.REBUILD_SPAWNING: _REBUILD,
    # compute/settle.py says where an interrupted (un)rescue ends.
    task_states.RESCUING: Rule('rescue', SETTLE, SETTLE),
    task_states.UNRESCUING: Rule('rescue', SETTLE, SETTLE),
    task_states.SHELVING: _SHELVE,
    task_states.SHELVING_IMAGE_PENDING_UPLOAD: _SHELVE,
    task_states.SHELVING_IMAGE_UPLOADING: _SHELVE,
    task_states.SHELVING_OFFLOADING: Rule('shelve', FINISH_OFFLOAD, SETTLE),
    task_states.UNSHELVING: _UNSHELVE,
    # State actions (compute/settle.py says where each one ends).
    task_states.PAUSING: _POWER,
    task_states.UNPAUSING: _POWER,
    task_states.SUSPENDING: _POWER,
    task_states.RESUMING: _POWER,
    task_states.SOFT_DELETING: _POWER,
    task_states.RESTORING: _POWER,
    # Moves between hosts.
    task_states.RESIZE_PREP: _MOVE,
    task_states.RESIZE_MIGRATING: _MOVE,
    task_states.RESIZE_MIGRATED: _MOVE,
    task_states.RESIZE_FINISH: _MOVE,
    task_states.RESIZE_REVERTING: _MOVE,
    task_states.RESIZE_CONFIRMING: _MOVE,
}

DEFAULT = Rule('task', SETTLE, SETTLE)


def rule_for(instance):
    """The rule of ``instance``'s current task state; None when it rests
    (no task state, not building)."""
    if instance.task_state is None:
        # A build between two steps (compute's first save clears
        # ``scheduling`` before ``networking``) is still a build.
        return _BUILD if instance.vm_state == vm_states.BUILDING else None
    if instance.task_state == task_states.SPAWNING and \
            instance.vm_state == vm_states.SHELVED_OFFLOADED:
        return _UNSHELVE
    return RULES.get(instance.task_state, DEFAULT)
