"""Rule of the injectNetworkInfo server action (Nova's admin actions)."""

from oslo_policy import policy

from minova.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='os_compute_api:os-admin-actions:inject_network_info',
        check_str=base.ADMIN,
        description='Inject network information into the server',
        operations=[{'path': '/servers/{server_id}/action '
                             '(injectNetworkInfo)', 'method': 'POST'}]),
]


def list_rules():
    return rules
