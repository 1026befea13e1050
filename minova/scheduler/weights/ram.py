"""RAMWeigher: prefer hosts with more free RAM (spreading).

A negative ``ram_weight_multiplier`` prefers the fullest hosts (stacking).
"""

import minova.conf
from minova.scheduler import weights

CONF = minova.conf.CONF


class RAMWeigher(weights.BaseHostWeigher):

    def weight_multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier

    def weigh_object(self, host_state, spec_obj):
        return host_state.free_ram_mb
