"""Rules of the server state actions: pause, suspend, lock, reset state,
deferred delete and crash dump, named as Nova names them."""

from minova.policies import base
from minova.policies.compute import _rule

_ACTION = '/servers/{server_id}/action (%s)'


def _action_rule(name, check, description, action):
    return _rule(name, check, description, _ACTION % action, 'POST')


rules = [
    _action_rule('os-pause-server:pause', base.PROJECT_MEMBER_OR_ADMIN,
                 'Pause a server', 'pause'),
    _action_rule('os-pause-server:unpause', base.PROJECT_MEMBER_OR_ADMIN,
                 'Unpause a paused server', 'unpause'),
    _action_rule('os-suspend-server:suspend', base.PROJECT_MEMBER_OR_ADMIN,
                 'Suspend a server', 'suspend'),
    _action_rule('os-suspend-server:resume', base.PROJECT_MEMBER_OR_ADMIN,
                 'Resume a suspended server', 'resume'),
    _action_rule('os-lock-server:lock', base.PROJECT_MEMBER_OR_ADMIN,
                 'Lock a server', 'lock'),
    _action_rule('os-lock-server:unlock', base.PROJECT_MEMBER_OR_ADMIN,
                 'Unlock a server', 'unlock'),
    _action_rule('os-lock-server:unlock:unlock_override', base.ADMIN,
                 'Unlock a server that someone else locked', 'unlock'),
    _action_rule('os-admin-actions:reset_state', base.ADMIN,
                 'Reset the state of a server', 'os-resetState'),
    _action_rule('os-deferred-delete', base.PROJECT_MEMBER_OR_ADMIN,
                 'Restore a soft-deleted server or delete it at once',
                 'restore, forceDelete'),
    _action_rule('servers:trigger_crash_dump', base.PROJECT_MEMBER_OR_ADMIN,
                 'Trigger a crash dump in a server (2.17)',
                 'trigger_crash_dump'),
]


def list_rules():
    return rules
