"""Rules of quota sets, quota classes and usage, named as Nova names
them."""

from minova.policies import base
from minova.policies.compute import _rule

_SETS = '/os-quota-sets/{tenant_id}'
_CLASSES = '/os-quota-class-sets/{id}'

rules = [
    _rule('os-quota-sets:show', base.PROJECT_MEMBER_OR_ADMIN,
          'Show the quotas of a project', _SETS, 'GET'),
    _rule('os-quota-sets:detail', base.PROJECT_MEMBER_OR_ADMIN,
          'Show the quotas of a project with their usage',
          _SETS + '/detail', 'GET'),
    _rule('os-quota-sets:defaults', base.ANY, 'Show the default quotas',
          _SETS + '/defaults', 'GET'),
    _rule('os-quota-sets:update', base.ADMIN, 'Update the quotas of a '
          'project (or of a user in it)', _SETS, 'PUT'),
    _rule('os-quota-sets:delete', base.ADMIN, 'Reset the quotas of a '
          'project to the defaults', _SETS, 'DELETE'),
    _rule('os-quota-class-sets:show',
          'is_admin:True or quota_class:%(quota_class)s',
          'Show the quotas of a quota class', _CLASSES, 'GET'),
    _rule('os-quota-class-sets:update', base.ADMIN,
          'Update the quotas of a quota class', _CLASSES, 'PUT'),
    _rule('os-simple-tenant-usage:list', base.ADMIN,
          'List the usage of every project', '/os-simple-tenant-usage',
          'GET'),
    _rule('os-simple-tenant-usage:show', base.PROJECT_MEMBER_OR_ADMIN,
          'Show the usage of a project',
          '/os-simple-tenant-usage/{tenant_id}', 'GET'),
]


def list_rules():
    return rules
