"""Rules of the web pages under /minova (minova's own, no Nova name)."""

from oslo_policy import policy

from minova.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='minova:web:pages', check_str=base.PROJECT_READER_OR_ADMIN,
        description='Open the web pages: the overview and the timeline '
                    'of one\'s own servers',
        operations=[{'path': '/minova/', 'method': 'GET'},
                    {'path': '/minova/servers/{server_id}',
                     'method': 'GET'}],
        scope_types=['project']),
    policy.DocumentedRuleDefault(
        name='minova:web:admin', check_str=base.ADMIN,
        description='See the services, the hosts with their usage and '
                    'every project\'s servers on the web overview',
        operations=[{'path': '/minova/', 'method': 'GET'}],
        scope_types=['project']),
]


def list_rules():
    return rules
