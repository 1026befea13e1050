from minova.scheduler.filters import ram_filter
from tests.unit.scheduler import fakes


def _passes(requested_mb, **host_attrs):
    return ram_filter.RamFilter().host_passes(
        fakes.host_state(**host_attrs),
        fakes.request_spec(fakes.flavor(memory_mb=requested_mb)))


def test_passes_when_exactly_enough():
    assert _passes(1024, total_usable_ram_mb=2048, free_ram_mb=1024)


def test_fails_when_one_mb_short():
    assert not _passes(1025, total_usable_ram_mb=2048, free_ram_mb=1024)


def test_overcommit_scales_the_whole_host():
    # 2048 * 1.5 = 3072 MB limit, 1024 used: 2048 usable.
    assert _passes(2048, total_usable_ram_mb=2048, free_ram_mb=1024,
                   ram_allocation_ratio=1.5)
    assert not _passes(2049, total_usable_ram_mb=2048, free_ram_mb=1024,
                       ram_allocation_ratio=1.5)


def test_oversubscribed_host_fails():
    # More used than the host has (ratio lowered after the fact).
    assert not _passes(1, total_usable_ram_mb=2048, free_ram_mb=-100)
