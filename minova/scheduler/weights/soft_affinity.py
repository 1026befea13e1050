"""ServerGroupSoftAffinityWeigher: a ``soft-affinity`` group prefers the
hosts that already run most of its members, but may use any host."""

import minova.conf
from minova.scheduler import weights

CONF = minova.conf.CONF


def members_on_host(host_state, spec_obj, policy):
    """How many members of the request's ``policy`` group the host runs."""
    group = spec_obj.instance_group
    if not group or group.policy != policy:
        return 0
    return len(host_state.instances & set(group.members))


class ServerGroupSoftAffinityWeigher(weights.BaseHostWeigher):

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def weigh_object(self, host_state, spec_obj):
        return members_on_host(host_state, spec_obj, 'soft-affinity')
