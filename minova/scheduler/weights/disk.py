"""DiskWeigher: prefer hosts with more free disk (spreading).

A negative ``disk_weight_multiplier`` prefers the fullest hosts (stacking).
"""

import minova.conf
from minova.scheduler import weights

CONF = minova.conf.CONF


class DiskWeigher(weights.BaseHostWeigher):

    def weight_multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier

    def weigh_object(self, host_state, spec_obj):
        return host_state.free_disk_mb
