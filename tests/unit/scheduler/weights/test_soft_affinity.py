from minova.scheduler.weights import soft_affinity
from minova.scheduler.weights import soft_anti_affinity
from tests.unit.scheduler import fakes

SoftAffinity = soft_affinity.ServerGroupSoftAffinityWeigher
SoftAntiAffinity = soft_anti_affinity.ServerGroupSoftAntiAffinityWeigher


def _hosts():
    # host1 runs two members and a stranger, host2 one member, host3 none.
    return [fakes.host_state('host1', instances={'m1', 'm2', 'other'}),
            fakes.host_state('host2', instances={'m3'}),
            fakes.host_state('host3')]


def _spec(policy):
    return fakes.request_spec(instance_group=fakes.group(
        policy, members=['m1', 'm2', 'm3']))


def _raw(weigher, spec):
    return [weigher.weigh_object(h, spec) for h in _hosts()]


def test_soft_affinity_counts_members_on_each_host():
    assert _raw(SoftAffinity(), _spec('soft-affinity')) == [2, 1, 0]


def test_soft_anti_affinity_prefers_fewest_members():
    assert _raw(SoftAntiAffinity(), _spec('soft-anti-affinity')) == \
        [-2, -1, 0]


def test_both_ignore_other_policies_and_no_group():
    for spec in (_spec('anti-affinity'), _spec('affinity'),
                 fakes.request_spec()):
        assert _raw(SoftAffinity(), spec) == [0, 0, 0]
        assert _raw(SoftAntiAffinity(), spec) == [0, 0, 0]
    assert _raw(SoftAffinity(), _spec('soft-anti-affinity')) == [0, 0, 0]
    assert _raw(SoftAntiAffinity(), _spec('soft-affinity')) == [0, 0, 0]


def test_multipliers_come_from_config(conf):
    conf.config(soft_affinity_weight_multiplier=3.0,
                soft_anti_affinity_weight_multiplier=0.5,
                group='filter_scheduler')
    assert SoftAffinity().weight_multiplier() == 3.0
    assert SoftAntiAffinity().weight_multiplier() == 0.5
