from minova.scheduler import weights
from tests.unit.scheduler import fakes


def _order(hosts):
    handler = weights.HostWeightHandler(['DiskWeigher'])
    return [w.host_state.host
            for w in handler.get_weighed_hosts(hosts, fakes.request_spec())]


def _hosts():
    return [fakes.host_state('small', free_disk_mb=1024),
            fakes.host_state('large', free_disk_mb=8192)]


def test_spreads_to_most_free_disk():
    assert _order(_hosts()) == ['large', 'small']


def test_negative_multiplier_stacks(conf):
    conf.config(disk_weight_multiplier=-1.0, group='filter_scheduler')
    assert _order(_hosts()) == ['small', 'large']
