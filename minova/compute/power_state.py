"""power_state: what the hypervisor says about the guest (Nova's codes)."""

NOSTATE = 0
RUNNING = 1
PAUSED = 3
SHUTDOWN = 4
CRASHED = 6
SUSPENDED = 7

STATE_MAP = {NOSTATE: 'pending', RUNNING: 'running', PAUSED: 'paused',
             SHUTDOWN: 'shutdown', CRASHED: 'crashed',
             SUSPENDED: 'suspended'}
