"""Default policy rules, one module per API resource (as in Nova)."""

import itertools

from minova.policies import rule_checks

rule_checks.install()

from minova.policies import base  # noqa: E402
from minova.policies import compute  # noqa: E402
from minova.policies import image  # noqa: E402
from minova.policies import inject_network_info  # noqa: E402
from minova.policies import server_lifecycle  # noqa: E402
from minova.policies import quotas  # noqa: E402
from minova.policies import server_actions  # noqa: E402
from minova.policies import server_data  # noqa: E402
from minova.policies import security_groups  # noqa: E402
from minova.policies import server_password  # noqa: E402
from minova.policies import web  # noqa: E402


def list_rules():
    return list(itertools.chain(base.list_rules(), compute.list_rules(),
                                server_actions.list_rules(),
                                server_data.list_rules(),
                                quotas.list_rules(),
                                security_groups.list_rules(),
                                inject_network_info.list_rules(),
                                server_password.list_rules(),
                                image.list_rules(),
                                server_lifecycle.list_rules(),
                                web.list_rules()))
