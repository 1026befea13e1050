"""ServerGroupAntiAffinityFilter: members of an ``anti-affinity`` group
never share a host."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        group = spec_obj.instance_group
        if not group or group.policy != 'anti-affinity':
            return True
        # group.hosts also holds the hosts picked earlier in this request.
        if host_state.host in group.hosts:
            LOG.debug('%s already runs a member of anti-affinity group %s',
                      host_state, group.uuid)
            return False
        return True

    def reason(self, host_state, spec_obj):
        return ('%s already runs a member of anti-affinity group %s'
                % (host_state.host, spec_obj.instance_group.uuid))
