"""Rules of the server actions that make images or replace the guest:
createImage, createBackup, rebuild, rescue, shelve (Nova's names)."""

from minova.policies import base
from minova.policies import compute

_rule = compute._rule


def _action(name, check, description, action):
    return _rule(name, check, description,
                 '/servers/{server_id}/action (%s)' % action, 'POST')


rules = [
    _action('servers:create_image', base.PROJECT_MEMBER_OR_ADMIN,
            'Create an image from a server', 'createImage'),
    _action('os-create-backup', base.PROJECT_MEMBER_OR_ADMIN,
            'Create a backup of a server', 'createBackup'),
    _action('servers:rebuild', base.PROJECT_MEMBER_OR_ADMIN,
            'Rebuild a server', 'rebuild'),
    _action('os-rescue', base.PROJECT_MEMBER_OR_ADMIN,
            'Rescue a server', 'rescue'),
    _action('os-unrescue', base.PROJECT_MEMBER_OR_ADMIN,
            'Unrescue a server', 'unrescue'),
    _action('os-shelve:shelve', base.PROJECT_MEMBER_OR_ADMIN,
            'Shelve a server', 'shelve'),
    _action('os-shelve:shelve_offload', base.ADMIN,
            'Offload a shelved server', 'shelveOffload'),
    _action('os-shelve:unshelve', base.PROJECT_MEMBER_OR_ADMIN,
            'Unshelve a server', 'unshelve'),
]


def list_rules():
    return rules
