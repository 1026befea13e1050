"""RetryFilter: a reschedule does not go back to a host that failed it."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


class RetryFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        retry = spec_obj.retry
        if not retry:
            return True
        # Nodes are tried, not hosts: another node of the host may work.
        tried = [list(pair) for pair in retry.hosts]
        passes = [host_state.host, host_state.nodename] not in tried
        if not passes:
            LOG.debug('%s already tried for this build (%d attempt(s))',
                      host_state, retry.num_attempts)
        return passes

    def reason(self, host_state, spec_obj):
        return ('%s (node %s) already failed this build'
                % (host_state.host, host_state.nodename))
