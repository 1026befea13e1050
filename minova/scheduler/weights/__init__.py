"""Host weighers: rank the hosts that passed the filters.

Each weigher gives every host a raw value (free RAM, free disk, ...). Raw
values of different weighers are not comparable, so each weigher's values
are first normalised to 0.0 .. 1.0 across the hosts (min-max), then
multiplied by the weigher's multiplier, and the products summed. The host
with the highest total is the best.
"""

import importlib

# Module of each weigher, by class name (the name used in the config).
_WEIGHER_MODULES = {
    'RAMWeigher': 'ram',
    'DiskWeigher': 'disk',
    'ServerGroupSoftAffinityWeigher': 'soft_affinity',
    'ServerGroupSoftAntiAffinityWeigher': 'soft_anti_affinity',
}


def normalize(values):
    """Scale ``values`` to 0.0 .. 1.0; all equal values become 0.0."""
    values = list(values)
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [0.0] * len(values)
    return [(v - low) / (high - low) for v in values]


class WeighedHost:
    def __init__(self, host_state, weight=0.0):
        self.host_state = host_state
        self.weight = weight

    def __repr__(self):
        return 'WeighedHost [host: %r, weight: %s]' % (self.host_state,
                                                       self.weight)


class BaseHostWeigher:
    """One criterion; higher raw values are better before the multiplier."""

    def weight_multiplier(self):
        return 1.0

    def weigh_object(self, host_state, spec_obj):
        raise NotImplementedError()


def weigher_class(name):
    """The weigher class called ``name`` (a config value)."""
    module_name = _WEIGHER_MODULES.get(name)
    if module_name is None:
        raise ValueError('Scheduler weigher %s could not be found; known '
                         'weighers: %s'
                         % (name, ', '.join(sorted(_WEIGHER_MODULES))))
    module = importlib.import_module('%s.%s' % (__name__, module_name))
    return getattr(module, name)


class HostWeightHandler:
    def __init__(self, weigher_names):
        self.weighers = [weigher_class(name)() for name in weigher_names]

    def get_weighed_hosts(self, host_states, spec_obj):
        """WeighedHost objects for ``host_states``, highest weight first."""
        weighed = [WeighedHost(state) for state in host_states]
        for weigher in self.weighers:
            raw = [weigher.weigh_object(w.host_state, spec_obj)
                   for w in weighed]
            multiplier = weigher.weight_multiplier()
            for weighed_host, value in zip(weighed, normalize(raw)):
                weighed_host.weight += multiplier * value
        # sorted() is stable: equal weights keep the host states' order.
        return sorted(weighed, key=lambda w: w.weight, reverse=True)
