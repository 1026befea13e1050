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
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'

# States from which a user may start, stop or reboot.
ALLOW_SOFT_REBOOT = [ACTIVE]
ALLOW_HARD_REBOOT = [ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR]
