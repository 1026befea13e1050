from minova.scheduler.filters import availability_zone_filter
from tests.unit.scheduler import fakes

AZFilter = availability_zone_filter.AvailabilityZoneFilter


def test_passes_when_no_zone_is_requested():
    state = fakes.host_state(availability_zone='zone-b')
    assert AZFilter().host_passes(state, fakes.request_spec())


def test_passes_in_requested_zone():
    state = fakes.host_state(availability_zone='zone-a')
    assert AZFilter().host_passes(
        state, fakes.request_spec(availability_zone='zone-a'))


def test_fails_in_another_zone():
    state = fakes.host_state(availability_zone='zone-b')
    assert not AZFilter().host_passes(
        state, fakes.request_spec(availability_zone='zone-a'))


def test_host_without_zone_is_in_the_default_zone(conf):
    conf.config(default_availability_zone='home')
    state = fakes.host_state()
    assert state.availability_zone == 'home'
    assert AZFilter().host_passes(
        state, fakes.request_spec(availability_zone='home'))
    assert not AZFilter().host_passes(
        state, fakes.request_spec(availability_zone='nova'))
