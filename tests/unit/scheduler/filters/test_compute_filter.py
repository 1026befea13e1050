from minova.scheduler.filters import compute_filter
from tests.unit.scheduler import fakes


def test_passes_up_and_enabled():
    assert compute_filter.ComputeFilter().host_passes(
        fakes.host_state(), fakes.request_spec())


def test_fails_disabled():
    assert not compute_filter.ComputeFilter().host_passes(
        fakes.host_state(disabled=True), fakes.request_spec())


def test_fails_down():
    assert not compute_filter.ComputeFilter().host_passes(
        fakes.host_state(up=False), fakes.request_spec())
