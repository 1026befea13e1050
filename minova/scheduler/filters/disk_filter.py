"""DiskFilter: the host has the flavor's root, ephemeral and swap disk."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


def usable_disk_mb(host_state):
    """The disk left to give, with the allocation ratio."""
    total_mb = host_state.total_usable_disk_gb * 1024
    used_mb = total_mb - host_state.free_disk_mb
    return total_mb * host_state.disk_allocation_ratio - used_mb


class DiskFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        requested_disk_mb = spec_obj.flavor.usage().disk_mb
        free_mb = usable_disk_mb(host_state)
        if free_mb >= requested_disk_mb:
            return True
        LOG.debug('%s does not have %d MB usable disk, it only has %.1f MB '
                  'usable disk.', host_state, requested_disk_mb, free_mb)
        return False

    def reason(self, host_state, spec_obj):
        return ('%s has %d MB of disk free, the flavor needs %d MB'
                % (host_state.host, usable_disk_mb(host_state),
                   spec_obj.flavor.usage().disk_mb))
