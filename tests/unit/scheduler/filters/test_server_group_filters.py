from minova.scheduler.filters import server_group_affinity_filter
from minova.scheduler.filters import server_group_anti_affinity_filter
from tests.unit.scheduler import fakes

Affinity = server_group_affinity_filter.ServerGroupAffinityFilter
AntiAffinity = server_group_anti_affinity_filter.ServerGroupAntiAffinityFilter


def _spec(policy, hosts):
    return fakes.request_spec(instance_group=fakes.group(policy, hosts))


def test_no_group_passes_both():
    state = fakes.host_state('host1')
    assert Affinity().host_passes(state, fakes.request_spec())
    assert AntiAffinity().host_passes(state, fakes.request_spec())


def test_anti_affinity_fails_a_host_with_a_member():
    spec = _spec('anti-affinity', ['host1'])
    assert not AntiAffinity().host_passes(fakes.host_state('host1'), spec)
    assert AntiAffinity().host_passes(fakes.host_state('host2'), spec)


def test_affinity_passes_only_the_members_host():
    spec = _spec('affinity', ['host1'])
    assert Affinity().host_passes(fakes.host_state('host1'), spec)
    assert not Affinity().host_passes(fakes.host_state('host2'), spec)


def test_affinity_first_member_goes_anywhere():
    spec = _spec('affinity', [])
    assert Affinity().host_passes(fakes.host_state('host2'), spec)


def test_each_filter_ignores_other_policies():
    for policy in ('affinity', 'soft-affinity', 'soft-anti-affinity'):
        assert AntiAffinity().host_passes(fakes.host_state('host1'),
                                          _spec(policy, ['host1']))
    for policy in ('anti-affinity', 'soft-affinity', 'soft-anti-affinity'):
        assert Affinity().host_passes(fakes.host_state('host2'),
                                      _spec(policy, ['host1']))
