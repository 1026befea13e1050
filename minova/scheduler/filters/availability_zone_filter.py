"""AvailabilityZoneFilter: the host is in the zone the user asked for."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


class AvailabilityZoneFilter(filters.BaseHostFilter):

    # A host's zone does not change while a request is scheduled.
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec_obj):
        requested = spec_obj.availability_zone
        if not requested:
            return True
        if host_state.availability_zone == requested:
            return True
        LOG.debug('%s is in zone %s, not the requested %s', host_state,
                  host_state.availability_zone, requested)
        return False

    def reason(self, host_state, spec_obj):
        return ('%s is in zone %s, the request asks for zone %s'
                % (host_state.host, host_state.availability_zone,
                   spec_obj.availability_zone))
