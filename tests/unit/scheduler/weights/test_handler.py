import pytest

from minova.scheduler import weights
from tests.unit.scheduler import fakes


def test_normalize_min_max():
    assert weights.normalize([10, 20, 15]) == [0.0, 1.0, 0.5]
    assert weights.normalize([7, 7]) == [0.0, 0.0]
    assert weights.normalize([]) == []


def test_sums_normalised_weights_times_multipliers(conf):
    conf.config(ram_weight_multiplier=1.0, disk_weight_multiplier=2.0,
                group='filter_scheduler')
    handler = weights.HostWeightHandler(['RAMWeigher', 'DiskWeigher'])
    # Raw RAM values differ by 1000x from disk ones; normalisation is what
    # lets the multipliers, not the units, decide.
    hosts = [fakes.host_state('most-ram', free_ram_mb=4000, free_disk_mb=0),
             fakes.host_state('most-disk', free_ram_mb=0, free_disk_mb=4),
             fakes.host_state('middle', free_ram_mb=2000, free_disk_mb=2)]
    weighed = handler.get_weighed_hosts(hosts, fakes.request_spec())
    assert [(w.host_state.host, w.weight) for w in weighed] == [
        ('most-disk', 2.0), ('middle', 1.5), ('most-ram', 1.0)]


def test_unknown_weigher_name_is_refused():
    with pytest.raises(ValueError, match='NoSuchWeigher'):
        weights.HostWeightHandler(['NoSuchWeigher'])


def test_default_weighers_all_load(conf):
    from minova import conf as minova_conf
    names = minova_conf.CONF.filter_scheduler.weight_classes
    handler = weights.HostWeightHandler(names)
    assert [type(w).__name__ for w in handler.weighers] == names
    assert 'ServerGroupSoftAffinityWeigher' in names
