from minova import objects
from minova.scheduler.filters import retry_filter
from tests.unit.scheduler import fakes


def _spec(tried):
    return fakes.request_spec(retry=objects.SchedulerRetries(
        num_attempts=len(tried) + 1, hosts=[list(t) for t in tried]))


def test_passes_without_retry_info():
    assert retry_filter.RetryFilter().host_passes(
        fakes.host_state('host1'), fakes.request_spec())


def test_passes_a_node_not_yet_tried():
    spec = _spec([('host2', 'host2')])
    assert retry_filter.RetryFilter().host_passes(
        fakes.host_state('host1'), spec)


def test_fails_a_node_already_tried():
    spec = _spec([('host2', 'host2'), ('host1', 'host1')])
    assert not retry_filter.RetryFilter().host_passes(
        fakes.host_state('host1'), spec)


def test_other_node_of_a_tried_host_passes():
    spec = _spec([('host1', 'node-a')])
    assert retry_filter.RetryFilter().host_passes(
        fakes.host_state('host1', 'node-b'), spec)
