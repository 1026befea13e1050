"""The building blocks other rules refer to: Nova's secure-RBAC personas.

A project ``reader`` may read its project's resources, a project
``member`` may also create and act on them, ``admin`` may do everything.
Each rule keeps its pre-RBAC default as a deprecated rule, so with
``[oslo_policy] enforce_new_defaults = False`` either one allows (as in
Nova); with True (oslo.policy's default) only the new one.
"""

from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER = 'rule:project_member_api'
PROJECT_READER = 'rule:project_reader_api'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
# Key pairs belong to a user, not a project.
OWNER_USER_OR_ADMIN = 'rule:context_is_admin or user_id:%(user_id)s'
ANY = '@'

_REASON = ('minova follows Nova: the API knows the admin, member and reader '
           'roles and project scope (secure RBAC).')

DEPRECATED_ADMIN = policy.DeprecatedRule(
    name='admin_api', check_str='is_admin:True', deprecated_reason=_REASON,
    deprecated_since='0.1.0')
DEPRECATED_ADMIN_OR_OWNER = policy.DeprecatedRule(
    name='admin_or_owner', check_str='is_admin:True or '
                                     'project_id:%(project_id)s',
    deprecated_reason=_REASON, deprecated_since='0.1.0')
DEPRECATED_ADMIN_OR_USER = policy.DeprecatedRule(
    name='os_compute_api:os-keypairs', check_str='is_admin:True or '
                                                 'user_id:%(user_id)s',
    deprecated_reason=_REASON, deprecated_since='0.1.0')

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       'Administrators.'),
    policy.RuleDefault('admin_or_owner',
                       'is_admin:True or project_id:%(project_id)s',
                       'Administrators, or members of the owning project '
                       '(the pre-RBAC default).',
                       deprecated_for_removal=True,
                       deprecated_reason=_REASON, deprecated_since='0.1.0'),
    policy.RuleDefault('admin_api', 'is_admin:True',
                       'Administrative APIs (the pre-RBAC default).',
                       deprecated_for_removal=True,
                       deprecated_reason=_REASON, deprecated_since='0.1.0'),
    policy.RuleDefault('project_member_api',
                       'role:member and project_id:%(project_id)s',
                       'A member of the owning project.'),
    policy.RuleDefault('project_reader_api',
                       'role:reader and project_id:%(project_id)s',
                       'A reader of the owning project.'),
    policy.RuleDefault('project_member_or_admin',
                       'rule:project_member_api or rule:context_is_admin',
                       'A member of the owning project, or an '
                       'administrator.'),
    policy.RuleDefault('project_reader_or_admin',
                       'rule:project_reader_api or rule:context_is_admin',
                       'A reader of the owning project, or an '
                       'administrator.'),
]


def list_rules():
    return rules
