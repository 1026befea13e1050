"""Rules of /servers/{server_id}/os-server-password."""

from oslo_policy import policy

from minova.policies import base

_PATH = '/servers/{server_id}/os-server-password'

rules = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-server-password:show',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Show the encrypted administrative password of a '
                    'server',
        operations=[{'path': _PATH, 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-server-password:clear',
        check_str=base.PROJECT_MEMBER_OR_ADMIN,
        description='Clear the encrypted administrative password of a '
                    'server',
        operations=[{'path': _PATH, 'method': 'DELETE'}]),
]


def list_rules():
    return rules
