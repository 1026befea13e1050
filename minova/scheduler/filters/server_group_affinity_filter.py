"""ServerGroupAffinityFilter: members of an ``affinity`` group all run on
one host."""

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)


class ServerGroupAffinityFilter(filters.BaseHostFilter):

    def host_passes(self, host_state, spec_obj):
        group = spec_obj.instance_group
        if not group or group.policy != 'affinity':
            return True
        if not group.hosts:
            # The first member decides where the others go.
            return True
        if host_state.host in group.hosts:
            return True
        LOG.debug('%s is not where affinity group %s runs (%s)',
                  host_state, group.uuid, ', '.join(group.hosts))
        return False

    def reason(self, host_state, spec_obj):
        group = spec_obj.instance_group
        return ('%s is not where affinity group %s runs (%s)'
                % (host_state.host, group.uuid, ', '.join(group.hosts)))
