"""Rules of the nova-network proxy APIs, named as Nova names them:
os-security-groups, os-security-group-rules,
os-security-group-default-rules, os-floating-ips, os-floating-ip-pools
and their server actions."""

from oslo_policy import policy

from minova.policies import base

_SG = 'os_compute_api:os-security-groups:%s'
_DEFAULT = 'os_compute_api:os-security-group-default-rules:%s'


def _rule(name, check, description, path, method):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check, description=description,
        operations=[{'path': path, 'method': method}])


rules = [
    _rule(_SG % 'get', base.PROJECT_MEMBER_OR_ADMIN,
          'List security groups (up to 2.35)', '/os-security-groups',
          'GET'),
    _rule(_SG % 'show', base.PROJECT_MEMBER_OR_ADMIN,
          'Show a security group (up to 2.35)',
          '/os-security-groups/{id}', 'GET'),
    _rule(_SG % 'create', base.PROJECT_MEMBER_OR_ADMIN,
          'Create a security group (up to 2.35)', '/os-security-groups',
          'POST'),
    _rule(_SG % 'update', base.PROJECT_MEMBER_OR_ADMIN,
          'Update a security group (up to 2.35)',
          '/os-security-groups/{id}', 'PUT'),
    _rule(_SG % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete a security group (up to 2.35)',
          '/os-security-groups/{id}', 'DELETE'),
    _rule(_SG % 'rule:create', base.PROJECT_MEMBER_OR_ADMIN,
          'Add a rule to a security group (up to 2.35)',
          '/os-security-group-rules', 'POST'),
    _rule(_SG % 'rule:delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete a security group rule (up to 2.35)',
          '/os-security-group-rules/{id}', 'DELETE'),
    _rule(_SG % 'list', base.PROJECT_MEMBER_OR_ADMIN,
          "List a server's security groups",
          '/servers/{server_id}/os-security-groups', 'GET'),
    _rule(_SG % 'add', base.PROJECT_MEMBER_OR_ADMIN,
          'Add a server to a security group',
          '/servers/{server_id}/action (addSecurityGroup)', 'POST'),
    _rule(_SG % 'remove', base.PROJECT_MEMBER_OR_ADMIN,
          'Remove a server from a security group',
          '/servers/{server_id}/action (removeSecurityGroup)', 'POST'),
    _rule('os_compute_api:os-floating-ips', base.PROJECT_MEMBER_OR_ADMIN,
          'Floating IPs: list, allocate, release (up to 2.35) and the '
          'add/removeFloatingIp actions (up to 2.43)', '/os-floating-ips',
          'GET'),
    _rule('os_compute_api:os-floating-ip-pools', base.PROJECT_MEMBER_OR_ADMIN,
          'List floating IP pools (up to 2.35)', '/os-floating-ip-pools',
          'GET'),
    _rule(_DEFAULT % 'index', base.ADMIN,
          'List the rules every new default group gets (up to 2.35)',
          '/os-security-group-default-rules', 'GET'),
    _rule(_DEFAULT % 'show', base.ADMIN,
          'Show a default security group rule (up to 2.35)',
          '/os-security-group-default-rules/{id}', 'GET'),
    _rule(_DEFAULT % 'create', base.ADMIN,
          'Create a default security group rule (up to 2.35)',
          '/os-security-group-default-rules', 'POST'),
    _rule(_DEFAULT % 'delete', base.ADMIN,
          'Delete a default security group rule (up to 2.35)',
          '/os-security-group-default-rules/{id}', 'DELETE'),
]


def list_rules():
    return rules
