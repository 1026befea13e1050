"""Default policy rules, one module per API resource (as in Nova)."""

import itertools

from minova.policies import base
from minova.policies import compute
from minova.policies import image
from minova.policies import inject_network_info
from minova.policies import server_lifecycle
from minova.policies import quotas
from minova.policies import server_actions
from minova.policies import server_data
from minova.policies import security_groups
from minova.policies import server_password
from minova.policies import web


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
