"""ComputeFilter: the host's compute service is up and enabled."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


class ComputeFilter(filters.BaseHostFilter):

    run_filter_once_per_request = True

    def host_passes(self, host_state, spec_obj):
        service = host_state.service
        if service.disabled:
            LOG.debug('%s is disabled, reason: %s', host_state,
                      service.disabled_reason)
            return False
        if not service.up:
            LOG.warning('%s has not been heard from in a while',
                        host_state)
            return False
        return True

    def reason(self, host_state, spec_obj):
        service = host_state.service
        if service.disabled:
            return ('%s has its compute service disabled (%s)'
                    % (host_state.host, service.disabled_reason or
                       'no reason given'))
        return '%s has its compute service down' % host_state.host
