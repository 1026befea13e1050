"""Names of the actions recorded in os-instance-actions."""

CREATE = 'create'
DELETE = 'delete'
REBOOT = 'reboot'
STOP = 'stop'
START = 'start'
UPDATE = 'update'
RESIZE = 'resize'
CONFIRM_RESIZE = 'confirmResize'
REVERT_RESIZE = 'revertResize'
MIGRATE = 'migrate'
EVACUATE = 'evacuate'
