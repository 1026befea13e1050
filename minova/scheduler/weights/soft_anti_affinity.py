"""ServerGroupSoftAntiAffinityWeigher: a ``soft-anti-affinity`` group
prefers the hosts that run fewest of its members, but may share one."""

import minova.conf
from minova.scheduler import weights
from minova.scheduler.weights import soft_affinity

CONF = minova.conf.CONF


class ServerGroupSoftAntiAffinityWeigher(weights.BaseHostWeigher):

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def weigh_object(self, host_state, spec_obj):
        # Fewer members is better: the most crowded host weighs least.
        return -soft_affinity.members_on_host(host_state, spec_obj,
                                              'soft-anti-affinity')
