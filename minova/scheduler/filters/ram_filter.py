"""RamFilter: the host has the flavor's RAM, with overcommit."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


def usable_ram_mb(host_state):
    """The RAM left to give: the ratio scales the whole host; what is
    used stays as used."""
    total_mb = host_state.total_usable_ram_mb
    used_mb = total_mb - host_state.free_ram_mb
    return total_mb * host_state.ram_allocation_ratio - used_mb


class RamFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        requested_ram = spec_obj.flavor.memory_mb
        usable_ram = usable_ram_mb(host_state)
        if usable_ram >= requested_ram:
            return True
        LOG.debug('%s does not have %d MB usable ram, it only has %.1f MB '
                  'usable ram.', host_state, requested_ram, usable_ram)
        return False

    def reason(self, host_state, spec_obj):
        return ('%s has %d MB free, the flavor needs %d MB'
                % (host_state.host, usable_ram_mb(host_state),
                   spec_obj.flavor.memory_mb))
