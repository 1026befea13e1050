from minova.scheduler.filters import disk_filter
from tests.unit.scheduler import fakes


def _passes(flavor_obj, **host_attrs):
    return disk_filter.DiskFilter().host_passes(
        fakes.host_state(**host_attrs), fakes.request_spec(flavor_obj))


def test_passes_when_root_ephemeral_and_swap_fit():
    # 5 GB + 4 GB + 1024 MB swap = 10240 MB, exactly what is free.
    flavor = fakes.flavor(root_gb=5, ephemeral_gb=4, swap=1024)
    assert _passes(flavor, total_usable_disk_gb=20, free_disk_mb=10240)


def test_fails_when_swap_does_not_fit():
    flavor = fakes.flavor(root_gb=5, ephemeral_gb=4, swap=1025)
    assert not _passes(flavor, total_usable_disk_gb=20, free_disk_mb=10240)


def test_overcommit_scales_the_whole_host():
    # 10 GB * 2.0 = 20480 MB limit, 10240 MB used: 10240 MB usable.
    flavor = fakes.flavor(root_gb=10)
    assert _passes(flavor, total_usable_disk_gb=10, free_disk_mb=0,
                   disk_allocation_ratio=2.0)
    assert not _passes(fakes.flavor(root_gb=11), total_usable_disk_gb=10,
                       free_disk_mb=0, disk_allocation_ratio=2.0)
