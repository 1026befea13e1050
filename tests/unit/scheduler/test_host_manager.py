from minova.scheduler import host_manager
from tests.unit.scheduler import fakes

FLAVOR = dict(memory_mb=1024, vcpus=2, root_gb=10, ephemeral_gb=1, swap=512)


def _states(ctx, **kwargs):
    states = host_manager.HostManager().get_host_states(ctx, **kwargs)
    return {s.host: s for s in states}


def test_usage_is_counted_from_instance_rows(db, admin_ctx):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=4096, vcpus=8,
                         local_gb=40, reserved_host_memory_mb=512,
                         reserved_host_disk_mb=1024, reserved_host_cpus=1,
                         # What compute last reported is not what we use.
                         memory_mb_used=4000, free_ram_mb=96)
    fakes.create_compute(admin_ctx, 'host2')
    flavor = fakes.flavor(**FLAVOR)
    on_host1 = [fakes.create_instance(admin_ctx, flavor, 'host1')
                for _ in range(2)]
    fakes.create_instance(admin_ctx, flavor, 'host2')
    fakes.create_instance(admin_ctx, flavor)            # not placed
    fakes.create_instance(admin_ctx, flavor, 'host1').destroy()

    state = _states(admin_ctx)['host1']
    assert state.total_usable_ram_mb == 4096
    assert state.free_ram_mb == 4096 - 512 - 2 * 1024
    assert state.total_usable_disk_gb == 40
    assert state.free_disk_mb == 40 * 1024 - 1024 - 2 * (11 * 1024 + 512)
    assert state.vcpus_total == 8
    assert state.vcpus_used == 1 + 2 * 2
    assert state.num_instances == 2
    assert state.instances == {i.uuid for i in on_host1}


def test_excluded_instances_are_not_counted(db, admin_ctx):
    fakes.create_compute(admin_ctx, 'host1')
    instance = fakes.create_instance(admin_ctx, host='host1')
    state = _states(admin_ctx, exclude_instances=[instance.uuid])['host1']
    assert state.free_ram_mb == 2048
    assert state.instances == set()


def test_instance_without_node_counts_on_its_hosts_only_node(db, admin_ctx):
    fakes.create_compute(admin_ctx, 'host1')
    instance = fakes.create_instance(admin_ctx, host='host1')
    instance.node = None
    instance.save()
    assert _states(admin_ctx)['host1'].free_ram_mb == 2048 - 512


def test_host_without_compute_service_is_skipped(db, admin_ctx):
    fakes.create_compute(admin_ctx, 'host1')
    fakes.create_compute(admin_ctx, 'orphan', with_service=False)
    assert set(_states(admin_ctx)) == {'host1'}


def test_node_attributes_and_service_status(db, admin_ctx, conf):
    conf.config(ram_allocation_ratio=1.5, cpu_allocation_ratio=16.0,
                default_availability_zone='nova')
    fakes.create_compute(admin_ctx, 'host1', availability_zone='az1',
                         hypervisor_version=6002000,
                         supported_instances=[['x86_64', 'qemu', 'hvm']],
                         ram_allocation_ratio=None, cpu_allocation_ratio=4.0)
    fakes.create_compute(admin_ctx, 'host2', disabled=True)
    fakes.create_compute(admin_ctx, 'host3', stale_heartbeat=True)
    states = _states(admin_ctx)

    host1 = states['host1']
    assert host1.availability_zone == 'az1'
    assert host1.hypervisor_type == 'QEMU'
    assert host1.hypervisor_version == 6002000
    assert host1.supported_instances == [['x86_64', 'qemu', 'hvm']]
    assert host1.ram_allocation_ratio == 1.5     # none reported: config
    assert host1.cpu_allocation_ratio == 4.0     # reported: the node's
    assert host1.service == host_manager.ServiceStatus(up=True,
                                                       disabled=False)
    assert states['host2'].availability_zone == 'nova'
    assert states['host2'].service.disabled
    assert states['host2'].service.up
    assert not states['host3'].service.up


def test_consume_from_request():
    state = fakes.host_state()
    spec = fakes.request_spec(fakes.flavor(**FLAVOR))
    state.consume_from_request(spec, 'uuid-1')
    assert state.free_ram_mb == 2048 - 1024
    assert state.free_disk_mb == 20 * 1024 - (11 * 1024 + 512)
    assert state.vcpus_used == 2
    assert state.num_instances == 1
    assert state.instances == {'uuid-1'}


def test_forced_host_skips_filters_but_must_exist(conf):
    conf.config(enabled_filters=['ComputeFilter'], group='filter_scheduler')
    manager = host_manager.HostManager()
    hosts = [fakes.host_state('host1', disabled=True),
             fakes.host_state('host2')]

    forced = fakes.request_spec(force_hosts=['HOST1'])
    assert [h.host for h in manager.get_filtered_hosts(hosts, forced)] == \
        ['host1']
    by_node = fakes.request_spec(force_nodes=['host1'])
    assert [h.host for h in manager.get_filtered_hosts(hosts, by_node)] == \
        ['host1']
    unknown = fakes.request_spec(force_hosts=['host9'])
    assert manager.get_filtered_hosts(hosts, unknown) == []
    assert [h.host for h in manager.get_filtered_hosts(
        hosts, fakes.request_spec())] == ['host2']
