from minova.scheduler.filters import core_filter
from tests.unit.scheduler import fakes


def _passes(vcpus, **host_attrs):
    return core_filter.CoreFilter().host_passes(
        fakes.host_state(**host_attrs),
        fakes.request_spec(fakes.flavor(vcpus=vcpus)))


def test_passes_when_cpus_are_free():
    assert _passes(2, vcpus_total=4, vcpus_used=2)


def test_fails_when_cpus_are_used():
    assert not _passes(3, vcpus_total=4, vcpus_used=2)


def test_overcommit_lets_more_vcpus_in():
    # 4 * 2.0 = 8 vCPUs, 6 used.
    assert _passes(2, vcpus_total=4, vcpus_used=6, cpu_allocation_ratio=2.0)
    assert not _passes(3, vcpus_total=4, vcpus_used=6,
                       cpu_allocation_ratio=2.0)


def test_instance_never_overcommits_against_itself():
    assert not _passes(5, vcpus_total=4, vcpus_used=0,
                       cpu_allocation_ratio=16.0)


def test_host_reporting_no_cpus_is_not_judged_on_them():
    assert _passes(64, vcpus_total=0)
