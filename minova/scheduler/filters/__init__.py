"""Host filters: each says whether one host can take one instance.

``HostFilterHandler`` runs the filters named in
``[filter_scheduler] enabled_filters`` in that order, each over the hosts
the previous one left, and logs which filter eliminated the hosts, so
"No valid host was found" can be explained from the scheduler log.
"""

import importlib

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Module of each filter, by class name (the name used in the config).
_FILTER_MODULES = {
    'RetryFilter': 'retry_filter',
    'AvailabilityZoneFilter': 'availability_zone_filter',
    'ComputeFilter': 'compute_filter',
    'RamFilter': 'ram_filter',
    'DiskFilter': 'disk_filter',
    'CoreFilter': 'core_filter',
    'ImagePropertiesFilter': 'image_props_filter',
    'ServerGroupAntiAffinityFilter': 'server_group_anti_affinity_filter',
    'ServerGroupAffinityFilter': 'server_group_affinity_filter',
}


class BaseHostFilter:
    """One rule a host must meet for the requested instance."""

    # Filters whose answer cannot change between the instances of one
    # multi-create (nothing they look at is consumed) run only for the
    # first one.
    run_filter_once_per_request = False

    def host_passes(self, host_state, spec_obj):
        raise NotImplementedError()

    def reason(self, host_state, spec_obj):
        """Why ``host_state`` does not pass, in plain words (filters
        override this next to ``host_passes``)."""
        return '%s does not pass' % host_state.host

    def filter_all(self, host_states, spec_obj):
        return [h for h in host_states if self.host_passes(h, spec_obj)]

    def run_filter_for_index(self, index):
        return index == 0 or not self.run_filter_once_per_request


def filter_class(name):
    """The filter class called ``name`` (a config value)."""
    module_name = _FILTER_MODULES.get(name)
    if module_name is None:
        raise ValueError('Scheduler host filter %s could not be found; '
                         'known filters: %s'
                         % (name, ', '.join(sorted(_FILTER_MODULES))))
    module = importlib.import_module('%s.%s' % (__name__, module_name))
    return getattr(module, name)


class HostFilterHandler:
    def __init__(self, filter_names):
        self.filters = [filter_class(name)() for name in filter_names]

    def get_filtered_hosts(self, host_states, spec_obj, index=0,
                           explanation=None, counts=None):
        """The hosts every filter lets through. ``explanation``, a list,
        gets one Removal per host a filter removed (``str()`` of it is
        the ``"Filter: why"`` line); ``counts``, a list, one ``[filter,
        hosts before, hosts after]`` per filter run (the timeline shows
        them)."""
        hosts = list(host_states)
        results = []
        if explanation is None:
            explanation = []
        for host_filter in self.filters:
            if not host_filter.run_filter_for_index(index):
                continue
            name = type(host_filter).__name__
            before = len(hosts)
            passed = host_filter.filter_all(hosts, spec_obj)
            explanation.extend(_removed(name, host_filter, hosts, passed,
                                        spec_obj))
            hosts = passed
            if counts is not None:
                counts.append([name, before, len(hosts)])
            results.append('%s: (start: %d, end: %d)'
                           % (name, before, len(hosts)))
            LOG.debug('Filter %s returned %d host(s)', name, len(hosts))
            if not hosts:
                LOG.info('Filter %s returned 0 hosts for instance %s of '
                         'the request; filter results: [%s]', name, index,
                         ', '.join(results))
                break
        return hosts


class Removal:
    """One host a filter removed. The reason is worded only when it is
    read (a NoValidHost), not on every scheduling request that removes
    a host and still finds another."""

    __slots__ = ('filter_name', 'host_filter', 'host_state', 'spec_obj')

    def __init__(self, filter_name, host_filter, host_state, spec_obj):
        self.filter_name = filter_name
        self.host_filter = host_filter
        self.host_state = host_state
        self.spec_obj = spec_obj

    def __str__(self):
        return '%s: %s' % (self.filter_name, self.host_filter.reason(
            self.host_state, self.spec_obj))


def _removed(name, host_filter, before, after, spec_obj):
    kept = set(id(h) for h in after)
    return [Removal(name, host_filter, h, spec_obj)
            for h in before if id(h) not in kept]
