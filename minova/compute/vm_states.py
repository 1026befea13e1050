"""vm_state: the stable state an instance rests in."""

ACTIVE = 'active'
BUILDING = 'building'
STOPPED = 'stopped'
ERROR = 'error'
DELETED = 'deleted'
SOFT_DELETED = 'soft-delete'
PAUSED = 'paused'
SUSPENDED = 'suspended'
RESCUED = 'rescued'
RESIZED = 'resized'
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'

# States from which a user may start, stop or reboot.
ALLOW_SOFT_REBOOT = [ACTIVE]
ALLOW_HARD_REBOOT = [ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR]

# States from which a crash dump (NMI) may be triggered, as in Nova.
ALLOW_TRIGGER_CRASH_DUMP = [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR]

# States in which a server's metadata may change (task state None).
ALLOW_METADATA_CHANGE = [ACTIVE, PAUSED, SUSPENDED, STOPPED]
# ... and its tags, as Nova's server tags API allows.
ALLOW_TAG_CHANGE = ALLOW_METADATA_CHANGE + [SHELVED, SHELVED_OFFLOADED]
