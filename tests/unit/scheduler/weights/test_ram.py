from minova.scheduler import weights
from tests.unit.scheduler import fakes


def _order(hosts):
    handler = weights.HostWeightHandler(['RAMWeigher'])
    return [w.host_state.host
            for w in handler.get_weighed_hosts(hosts, fakes.request_spec())]


def _hosts():
    return [fakes.host_state('h512', free_ram_mb=512),
            fakes.host_state('h2048', free_ram_mb=2048),
            fakes.host_state('h1024', free_ram_mb=1024)]


def test_spreads_to_most_free_ram():
    assert _order(_hosts()) == ['h2048', 'h1024', 'h512']


def test_negative_multiplier_stacks(conf):
    conf.config(ram_weight_multiplier=-1.0, group='filter_scheduler')
    assert _order(_hosts()) == ['h512', 'h1024', 'h2048']
