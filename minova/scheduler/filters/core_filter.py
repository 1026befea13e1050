"""CoreFilter: the host has the flavor's vCPUs, with overcommit."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


def usable_vcpus(host_state):
    """The vCPUs left to give, with the allocation ratio."""
    return (host_state.vcpus_total * host_state.cpu_allocation_ratio -
            host_state.vcpus_used)


class CoreFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        if not host_state.vcpus_total:
            # A host that reports no CPUs is not judged on them.
            return True
        instance_vcpus = spec_obj.flavor.vcpus
        # An instance may overcommit against other instances, never
        # against itself: it cannot have more vCPUs than the host has CPUs.
        if instance_vcpus > host_state.vcpus_total:
            LOG.debug('%s has %d CPUs, fewer than the %d the instance asks '
                      'for', host_state, host_state.vcpus_total,
                      instance_vcpus)
            return False
        free_vcpus = usable_vcpus(host_state)
        if free_vcpus >= instance_vcpus:
            return True
        LOG.debug('%s does not have %d usable vcpus, it only has %.1f '
                  'usable vcpus', host_state, instance_vcpus, free_vcpus)
        return False

    def reason(self, host_state, spec_obj):
        free = usable_vcpus(host_state)
        return ('%s has %d CPUs (%d usable vCPUs free), the flavor needs %d '
                'vCPUs' % (host_state.host, host_state.vcpus_total, free,
                           spec_obj.flavor.vcpus))
