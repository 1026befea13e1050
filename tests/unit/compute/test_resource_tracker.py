"""minova.compute.resource_tracker: usage from instance rows, claims and
the report to compute_nodes."""

import pytest

from minova.compute import resource_tracker
from minova import exception
from minova import objects
from minova.objects.flavor import Usage
from minova.scheduler.filters import disk_filter as disk_filter_module
from minova.scheduler import host_manager
from minova.virt import fake
from tests.unit.api import fakes as api_fakes
from tests.unit.compute import fakes


@pytest.fixture
def tracker(flavor, conf):
    conf.config(vcpus=4, memory_mb=4096, local_gb=40, group='fake_driver')
    conf.config(ram_allocation_ratio=1.0, cpu_allocation_ratio=2.0,
                disk_allocation_ratio=1.0, reserved_host_memory_mb=512,
                reserved_host_disk_mb=2048, reserved_host_cpus=1)
    driver = fake.FakeDriver()
    driver.init_host('host1')
    return resource_tracker.ResourceTracker('host1', driver)


def _placed(flavor_obj, host='host1', node='host1', **kwargs):
    return fakes.instance(flavor_obj, vm_state='active', task_state=None,
                          host=host, node=node, **kwargs)


def _node():
    return objects.ComputeNode.get_by_host_and_nodename(fakes.ctx(),
                                                        'host1', 'host1')


def test_flavor_usage_counts_swap_exactly():
    flavor = objects.Flavor(memory_mb=1024, vcpus=2, root_gb=10,
                            ephemeral_gb=5, swap=1)
    assert flavor.usage() == objects.flavor.Usage(1024, 2, 15 * 1024 + 1)


def test_usage_counts_only_this_node(tracker, flavor):
    big = fakes.flavor(flavorid='2', name='big', memory_mb=2048, vcpus=2,
                       root_gb=20, swap=512)
    first = _placed(flavor)
    _placed(big)
    _placed(big, host='host2', node='host2')
    _placed(flavor, node='other-node')
    fakes.instance(flavor)                          # not placed yet
    _placed(flavor).destroy()                       # deleted
    assert tracker._usage(fakes.ctx(), 'host1') == (
        Usage(memory_mb=2560, vcpus=3, disk_mb=21 * 1024 + 512), 2)
    assert tracker._usage(fakes.ctx(), 'host1', exclude=first.uuid) == (
        Usage(memory_mb=2048, vcpus=2, disk_mb=20 * 1024 + 512), 1)


def test_limits_apply_ratios_and_reserves(tracker):
    limits = tracker._limits({'memory_mb': 4096, 'vcpus': 4,
                              'local_gb': 40})
    assert limits == Usage(memory_mb=3584, vcpus=7, disk_mb=38 * 1024)


def test_claim_sets_host_and_node(tracker, flavor):
    inst = fakes.instance(flavor)
    claim = tracker.instance_claim(fakes.ctx(), inst, 'host1')
    assert isinstance(claim, resource_tracker.Claim)
    stored = fakes.reload(inst)
    assert (stored.host, stored.node) == ('host1', 'host1')
    assert (inst.host, inst.node) == ('host1', 'host1')


@pytest.mark.parametrize('flavor_values,message', [
    (dict(memory_mb=3585), 'memory_mb: requested 3585, free 3584'),
    (dict(vcpus=8), 'vcpus: requested 8, free 7'),
    (dict(root_gb=38, swap=1), 'disk_mb: requested 38913, free 38912'),
])
def test_claim_refused(tracker, flavor_values, message):
    values = dict(flavorid='9', name='huge', memory_mb=512, vcpus=1,
                  root_gb=1)
    values.update(flavor_values)
    inst = fakes.instance(fakes.flavor(**values))
    with pytest.raises(exception.ComputeResourcesUnavailable) as error:
        tracker.instance_claim(fakes.ctx(), inst, 'host1')
    assert error.value.format_message() == \
        'Insufficient compute resources: %s.' % message
    assert fakes.reload(inst).host is None


def test_claim_counts_what_is_already_there(tracker, flavor):
    half = fakes.flavor(flavorid='2', name='half', memory_mb=1792, vcpus=1,
                        root_gb=1)
    _placed(half)
    second = fakes.instance(half)
    tracker.instance_claim(fakes.ctx(), second, 'host1')  # 3584 fits
    third = fakes.instance(flavor)
    with pytest.raises(exception.ComputeResourcesUnavailable):
        tracker.instance_claim(fakes.ctx(), third, 'host1')


def test_reclaim_of_the_same_instance_does_not_count_it_twice(tracker):
    big = fakes.flavor(flavorid='2', name='big', memory_mb=3584, vcpus=1,
                       root_gb=1)
    inst = _placed(big)
    tracker.instance_claim(fakes.ctx(), inst, 'host1')


def _fill_host(tracker):
    """A host-filling instance, claimed; then nothing else fits."""
    big = fakes.flavor(flavorid='2', name='big', memory_mb=3584, vcpus=1,
                       root_gb=1)
    inst = fakes.instance(big)
    claim = tracker.instance_claim(fakes.ctx(), inst, 'host1')
    with pytest.raises(exception.ComputeResourcesUnavailable):
        tracker.instance_claim(fakes.ctx(), fakes.instance(big), 'host1')
    return inst, claim, big


def test_abort_gives_the_room_back(tracker):
    inst, claim, big = _fill_host(tracker)
    claim.abort()
    assert fakes.reload(inst).host is None
    assert tracker._usage(fakes.ctx(), 'host1')[1] == 0
    tracker.instance_claim(fakes.ctx(), fakes.instance(big), 'host1')


def test_a_failed_block_aborts_and_a_good_one_keeps(tracker, flavor):
    inst = fakes.instance(flavor)
    with pytest.raises(RuntimeError):
        with tracker.instance_claim(fakes.ctx(), inst, 'host1'):
            raise RuntimeError('spawn failed')
    assert fakes.reload(inst).host is None
    with tracker.instance_claim(fakes.ctx(), inst, 'host1'):
        pass
    assert fakes.reload(inst).host == 'host1'
    assert tracker._usage(fakes.ctx(), 'host1')[1] == 1


def test_delete_releases_the_claim(tracker):
    inst, _claim, big = _fill_host(tracker)
    inst.destroy()
    tracker.instance_claim(fakes.ctx(), fakes.instance(big), 'host1')


def test_scheduler_and_claim_agree_to_the_megabyte(tracker, flavor):
    """Swap counts in MB on both sides (the claim used to round it up to a
    GB): the last MB of disk is usable, and one more is refused by both."""
    api_fakes.service('host1')
    tracker.update_available_resource(fakes.ctx())
    _placed(fakes.flavor(flavorid='2', name='small-swap', root_gb=1,
                         swap=1))
    free_mb = 38 * 1024 - (1024 + 1)
    exact = fakes.flavor(flavorid='3', name='exact', root_gb=36,
                         swap=free_mb - 36 * 1024)
    over = fakes.flavor(flavorid='4', name='over', root_gb=36,
                        swap=free_mb - 36 * 1024 + 1)
    [state] = host_manager.HostManager().get_host_states(fakes.ctx())
    disk_filter = disk_filter_module.DiskFilter()
    assert disk_filter.host_passes(
        state, objects.RequestSpec(flavor=exact))
    assert not disk_filter.host_passes(
        state, objects.RequestSpec(flavor=over))
    with pytest.raises(exception.ComputeResourcesUnavailable):
        tracker.instance_claim(fakes.ctx(), fakes.instance(over), 'host1')
    tracker.instance_claim(fakes.ctx(), fakes.instance(exact), 'host1')


def test_report_creates_then_updates_the_node(tracker, flavor):
    tracker.update_available_resource(fakes.ctx())
    node = _node()
    assert (node.vcpus, node.memory_mb, node.local_gb) == (4, 4096, 40)
    assert (node.vcpus_used, node.memory_mb_used, node.local_gb_used) == \
        (0, 512, 2)
    assert (node.free_ram_mb, node.free_disk_gb, node.running_vms) == \
        (3584, 38, 0)
    assert node.hypervisor_type == 'fake'
    assert node.supported_instances == [['x86_64', 'fake', 'hvm'],
                                        ['i686', 'fake', 'hvm']]
    assert (node.cpu_allocation_ratio, node.reserved_host_cpus) == (2.0, 1)
    assert node.availability_zone == 'nova'

    _placed(flavor)
    tracker.update_available_resource(fakes.ctx())
    updated = _node()
    assert updated.id == node.id
    assert (updated.vcpus_used, updated.memory_mb_used,
            updated.running_vms) == (1, 1024, 1)
    assert len(objects.ComputeNodeList.get_by_host(fakes.ctx(),
                                                   'host1')) == 1


def test_report_finds_the_node_of_a_restarted_service(tracker, flavor,
                                                      conf):
    tracker.update_available_resource(fakes.ctx())
    node_id = _node().id
    restarted = resource_tracker.ResourceTracker('host1', tracker.driver)
    conf.config(default_availability_zone='az1')
    restarted.update_available_resource(fakes.ctx())
    assert _node().id == node_id
    assert _node().availability_zone == 'az1'
