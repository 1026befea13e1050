"""The building blocks other rules refer to."""

from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER_OR_ADMIN = 'rule:admin_or_owner'
OWNER_USER_OR_ADMIN = 'rule:admin_or_user'
ANY = '@'

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       'Administrators.'),
    policy.RuleDefault('admin_or_owner',
                       'is_admin:True or project_id:%(project_id)s',
                       'Administrators, or members of the owning project.'),
    policy.RuleDefault('admin_or_user',
                       'is_admin:True or user_id:%(user_id)s',
                       'Administrators, or the owning user.'),
    policy.RuleDefault('admin_api', 'is_admin:True',
                       'Default rule for administrative APIs.'),
]


def list_rules():
    return rules
