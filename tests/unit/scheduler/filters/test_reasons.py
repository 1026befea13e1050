"""Each filter says, in plain words, why it removed a host; the handler
collects those lines for NoValidHost."""

from minova import objects
from minova.scheduler import filters
from minova.scheduler import host_manager
from minova.scheduler.filters import availability_zone_filter
from minova.scheduler.filters import compute_filter
from minova.scheduler.filters import core_filter
from minova.scheduler.filters import disk_filter
from minova.scheduler.filters import image_props_filter
from minova.scheduler.filters import ram_filter
from minova.scheduler.filters import retry_filter
from minova.scheduler.filters import server_group_affinity_filter
from minova.scheduler.filters import server_group_anti_affinity_filter
from tests.unit.scheduler import fakes


def _rejects(host_filter, state, spec):
    assert not host_filter.host_passes(state, spec)
    return host_filter.reason(state, spec)


def test_ram_reason_names_free_and_needed():
    state = fakes.host_state('compute3', free_ram_mb=512)
    spec = fakes.request_spec(fakes.flavor(memory_mb=2048))
    assert _rejects(ram_filter.RamFilter(), state, spec) == \
        'compute3 has 512 MB free, the flavor needs 2048 MB'


def test_disk_reason():
    state = fakes.host_state('c1', free_disk_mb=1024)
    spec = fakes.request_spec(fakes.flavor(root_gb=5))
    assert _rejects(disk_filter.DiskFilter(), state, spec) == \
        'c1 has 1024 MB of disk free, the flavor needs 5120 MB'


def test_core_reason():
    state = fakes.host_state('c1', vcpus_used=3)
    spec = fakes.request_spec(fakes.flavor(vcpus=2))
    assert _rejects(core_filter.CoreFilter(), state, spec) == \
        'c1 has 4 CPUs (1 usable vCPUs free), the flavor needs 2 vCPUs'


def test_az_reason():
    state = fakes.host_state('c1')
    state.availability_zone = 'nova'
    spec = fakes.request_spec(availability_zone='az2')
    assert _rejects(availability_zone_filter.AvailabilityZoneFilter(),
                    state, spec) == \
        'c1 is in zone nova, the request asks for zone az2'


def test_compute_reasons_disabled_and_down():
    f = compute_filter.ComputeFilter()
    spec = fakes.request_spec()
    disabled = fakes.host_state('c1')
    disabled.service = host_manager.ServiceStatus(
        up=True, disabled=True, disabled_reason='maintenance')
    assert _rejects(f, disabled, spec) == \
        'c1 has its compute service disabled (maintenance)'
    assert _rejects(f, fakes.host_state('c2', up=False), spec) == \
        'c2 has its compute service down'


def test_image_props_reason():
    state = fakes.host_state('c1', supported_instances=[
        ['x86_64', 'qemu', 'hvm']])
    spec = fakes.request_spec(image_properties={'hw_architecture': 'armv7l'})
    reason = _rejects(image_props_filter.ImagePropertiesFilter(), state, spec)
    assert reason.startswith('c1 cannot run the image (it asks for '
                             'hw_architecture=armv7l;')
    assert 'x86_64' in reason


def test_retry_reason():
    state = fakes.host_state('c1')
    spec = fakes.request_spec(retry=objects.SchedulerRetries(
        num_attempts=1, hosts=[['c1', 'c1']]))
    assert _rejects(retry_filter.RetryFilter(), state, spec) == \
        'c1 (node c1) already failed this build'


def test_group_reasons():
    state = fakes.host_state('c1')
    aff = fakes.group('affinity', hosts=['c9'], uuid=None)
    spec = fakes.request_spec(instance_group=aff)
    assert _rejects(server_group_affinity_filter.ServerGroupAffinityFilter(),
                    state, spec) == \
        'c1 is not where affinity group %s runs (c9)' % aff.uuid
    anti = fakes.group('anti-affinity', hosts=['c1'])
    spec = fakes.request_spec(instance_group=anti)
    assert _rejects(
        server_group_anti_affinity_filter.ServerGroupAntiAffinityFilter(),
        state, spec) == \
        'c1 already runs a member of anti-affinity group %s' % anti.uuid


def test_handler_explains_each_removed_host_by_its_filter():
    handler = filters.HostFilterHandler(['ComputeFilter', 'RamFilter'])
    hosts = [fakes.host_state('down1', up=False),
             fakes.host_state('small', free_ram_mb=256),
             fakes.host_state('big', free_ram_mb=2048)]
    explanation = []
    left = handler.get_filtered_hosts(
        hosts, fakes.request_spec(fakes.flavor(memory_mb=1024)),
        explanation=explanation)
    assert [h.host for h in left] == ['big']
    assert [str(line) for line in explanation] == [
        'ComputeFilter: down1 has its compute service down',
        'RamFilter: small has 256 MB free, the flavor needs 1024 MB']


def test_reasons_are_worded_only_when_read(monkeypatch):
    """Removing a host costs no string formatting on a request that
    still finds one; the words come when the explanation is read."""
    from minova.scheduler.filters import ram_filter
    worded = []
    real = ram_filter.RamFilter.reason
    monkeypatch.setattr(ram_filter.RamFilter, 'reason',
                        lambda self, h, s: worded.append(h.host) or
                        real(self, h, s))
    handler = filters.HostFilterHandler(['RamFilter'])
    explanation = []
    left = handler.get_filtered_hosts(
        [fakes.host_state('small', free_ram_mb=256),
         fakes.host_state('big', free_ram_mb=2048)],
        fakes.request_spec(fakes.flavor(memory_mb=1024)),
        explanation=explanation)
    assert [h.host for h in left] == ['big'] and worded == []
    assert str(explanation[0]).startswith('RamFilter: small has 256 MB')
    assert worded == ['small']


def test_explanation_survives_rpc_and_goes_into_fault_details():
    from oslo_messaging._drivers import common as rpc_common
    from minova import exception
    error = exception.NoValidHost(reason='There are not enough hosts '
                                  'available.',
                                  explanation='RamFilter: c3 has 512 MB free')
    wire = rpc_common.serialize_remote_exception((type(error), error, None))
    back = rpc_common.deserialize_remote_exception(wire, ['minova.exception'])
    assert exception.explanation_of(back) == 'RamFilter: c3 has 512 MB free'
    fault = objects.InstanceFault.from_exception(
        None, '00000000-0000-0000-0000-000000000001', back)
    assert 'RamFilter: c3 has 512 MB free' in fault.details
    assert 'RamFilter' not in fault.message
