"""DiskFilter: the host has the flavor's root, ephemeral and swap disk."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


class DiskFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        requested_disk_mb = spec_obj.flavor.usage().disk_mb
        total_usable_disk_mb = host_state.total_usable_disk_gb * 1024
        disk_mb_limit = total_usable_disk_mb * host_state.disk_allocation_ratio
        used_disk_mb = total_usable_disk_mb - host_state.free_disk_mb
        usable_disk_mb = disk_mb_limit - used_disk_mb
        if usable_disk_mb >= requested_disk_mb:
            return True
        LOG.debug('%s does not have %d MB usable disk, it only has %.1f MB '
                  'usable disk.', host_state, requested_disk_mb,
                  usable_disk_mb)
        return False

    def reason(self, host_state, spec_obj):
        total_mb = host_state.total_usable_disk_gb * 1024
        usable = (total_mb * host_state.disk_allocation_ratio -
                  (total_mb - host_state.free_disk_mb))
        return ('%s has %d MB of disk free, the flavor needs %d MB'
                % (host_state.host, usable,
                   spec_obj.flavor.usage().disk_mb))
