import pytest

from minova.scheduler.filters import image_props_filter
from tests.unit.scheduler import fakes

X86_QEMU_HVM = [['x86_64', 'qemu', 'hvm']]


def _passes(props, supported=X86_QEMU_HVM, hypervisor_version=None):
    state = fakes.host_state(supported_instances=supported,
                             hypervisor_version=hypervisor_version)
    spec = fakes.request_spec(image_properties=props)
    return image_props_filter.ImagePropertiesFilter().host_passes(state,
                                                                  spec)


def test_image_without_properties_runs_anywhere():
    assert _passes({}, supported=[])
    assert _passes({'os_distro': 'cirros'}, supported=[])


@pytest.mark.parametrize('props', [
    {'hw_architecture': 'x86_64'},
    {'architecture': 'x86_64'},
    {'hw_architecture': 'AMD64'},
    {'img_hv_type': 'qemu'},
    {'hypervisor_type': 'QEMU'},
    {'hw_vm_mode': 'hvm'},
    {'vm_mode': 'hvm'},
    {'hw_architecture': 'x86_64', 'img_hv_type': 'qemu',
     'hw_vm_mode': 'hvm'},
])
def test_matching_properties_pass(props):
    assert _passes(props)


@pytest.mark.parametrize('props', [
    {'hw_architecture': 'aarch64'},
    {'architecture': 'ppc64le'},
    {'img_hv_type': 'xen'},
    {'hw_vm_mode': 'exe'},
    {'hw_architecture': 'x86_64', 'img_hv_type': 'kvm'},
])
def test_mismatching_properties_fail(props):
    assert not _passes(props)


def test_any_of_the_supported_triples_may_match():
    supported = [['x86_64', 'qemu', 'hvm'], ['aarch64', 'qemu', 'hvm']]
    assert _passes({'hw_architecture': 'aarch64'}, supported=supported)


def test_host_advertising_nothing_fails_an_image_that_asks():
    assert not _passes({'hw_architecture': 'x86_64'}, supported=[])


def test_hypervisor_version_requirement():
    props = {'img_hv_type': 'qemu', 'img_hv_requested_version': '>=6.1'}
    assert _passes(props, hypervisor_version=6002000)
    assert _passes(props, hypervisor_version=6001000)
    assert not _passes(props, hypervisor_version=6000005)
    ranged = dict(props, img_hv_requested_version='>=6.0, <7.0')
    assert _passes(ranged, hypervisor_version=6002000)
    assert not _passes(ranged, hypervisor_version=7000000)


def test_version_is_ignored_for_a_host_that_reports_none():
    props = {'img_hv_type': 'qemu', 'img_hv_requested_version': '>=6.1'}
    assert _passes(props, hypervisor_version=None)


def test_version_helpers():
    assert image_props_filter.version_int_to_tuple(2011003) == (2, 11, 3)
    assert image_props_filter.version_satisfies((2, 11), '==2.11.0')
    assert not image_props_filter.version_satisfies((2, 11), '!=2.11')
    assert not image_props_filter.version_satisfies((2, 11), 'about 2')
