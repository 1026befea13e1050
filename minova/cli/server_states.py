"""State commands (novaclient names): pause, unpause, suspend, resume,
lock, unlock, reset-state, force-delete, restore, trigger-crash-dump."""

from minova.cli import servers
from minova.cli import wait

PAUSE = wait.Operation('pausing', ('pausing',), 'PAUSED')
UNPAUSE = wait.Operation('unpausing', ('unpausing',), 'ACTIVE')
SUSPEND = wait.Operation('suspending', ('suspending',), 'SUSPENDED')
RESUME = wait.Operation('resuming', ('resuming',), 'ACTIVE')
RESTORE = wait.Operation('restoring', ('restoring',), 'ACTIVE')


class _StateAction(servers._ServerAction):
    """POST {``action``: None} to each server; ``--wait`` waits for
    ``wait_for`` (None: the action has nothing to wait for)."""

    action = None
    wait_for = None

    def body(self, args):
        return {self.action: None}

    def act(self, server, args):
        self.compute.post('/servers/%s/action' % server['id'],
                          self.body(args))

    def operation(self, args):
        return self.wait_for

    def take_action(self, args):
        args.wait = args.wait and self.wait_for is not None
        return super().take_action(args)


class Pause(_StateAction):
    """Pause servers (their vCPUs stop; memory stays)."""
    verb, action, wait_for = 'pause', 'pause', PAUSE


class Unpause(_StateAction):
    """Unpause paused servers."""
    verb, action, wait_for = 'unpause', 'unpause', UNPAUSE


class Suspend(_StateAction):
    """Suspend servers (memory saved to disk, the guest stopped)."""
    verb, action, wait_for = 'suspend', 'suspend', SUSPEND


class Resume(_StateAction):
    """Resume suspended servers."""
    verb, action, wait_for = 'resume', 'resume', RESUME


class Lock(_StateAction):
    """Lock servers: only admins may act on them then."""
    verb, action = 'lock', 'lock'


class Unlock(_StateAction):
    """Unlock servers."""
    verb, action = 'unlock', 'unlock'


class Restore(_StateAction):
    """Restore soft-deleted servers."""
    verb, action, wait_for = 'restore', 'restore', RESTORE


class ForceDelete(_StateAction):
    """Delete servers at once, soft-deleted ones too."""
    verb, action, wait_for = 'force-delete', 'forceDelete', wait.DELETE


class TriggerCrashDump(_StateAction):
    """Send an NMI to servers (their kernels may dump and reboot)."""
    verb, action = 'trigger a crash dump of', 'trigger_crash_dump'


class ResetState(_StateAction):
    """Reset the state of servers (admin): ERROR, or ACTIVE with
    --active; the task state is cleared."""
    verb, action = 'reset the state of', 'os-resetState'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--active', action='store_true',
                            help="set 'active' instead of 'error'")
        return parser

    def body(self, args):
        return {'os-resetState': {
            'state': 'active' if args.active else 'error'}}
