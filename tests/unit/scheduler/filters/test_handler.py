import logging

import pytest

from minova.scheduler import filters
from tests.unit.scheduler import fakes


def test_runs_filters_in_order_and_logs_the_one_that_emptied(caplog):
    handler = filters.HostFilterHandler(['ComputeFilter', 'RamFilter'])
    hosts = [fakes.host_state('down', up=False),
             fakes.host_state('small', free_ram_mb=100),
             fakes.host_state('big')]
    spec = fakes.request_spec(fakes.flavor(memory_mb=1024))
    assert [h.host for h in handler.get_filtered_hosts(hosts, spec)] == \
        ['big']

    caplog.set_level(logging.INFO)
    spec = fakes.request_spec(fakes.flavor(memory_mb=4096))
    assert handler.get_filtered_hosts(hosts, spec) == []
    assert 'Filter RamFilter returned 0 hosts' in caplog.text
    assert 'ComputeFilter: (start: 3, end: 2)' in caplog.text


def test_stops_at_the_first_filter_that_leaves_nothing():
    class Boom(filters.BaseHostFilter):
        def host_passes(self, host_state, spec_obj):
            raise AssertionError('ran after the hosts were gone')

    handler = filters.HostFilterHandler(['ComputeFilter'])
    handler.filters.append(Boom())
    assert handler.get_filtered_hosts(
        [fakes.host_state(disabled=True)], fakes.request_spec()) == []


def test_once_per_request_filters_skip_later_instances():
    handler = filters.HostFilterHandler(['ComputeFilter', 'RamFilter'])
    down = fakes.host_state('down', up=False)
    # Instance 1 of a multi-create: the ComputeFilter verdict of instance 0
    # still holds, so it is not asked again; RamFilter is.
    assert handler.get_filtered_hosts([down], fakes.request_spec(),
                                      index=1) == [down]
    assert handler.get_filtered_hosts([down], fakes.request_spec(),
                                      index=0) == []


def test_unknown_filter_name_is_refused():
    with pytest.raises(ValueError, match='NoSuchFilter'):
        filters.HostFilterHandler(['RamFilter', 'NoSuchFilter'])


def test_default_filters_all_load(conf):
    from minova import conf as minova_conf
    names = minova_conf.CONF.filter_scheduler.enabled_filters
    handler = filters.HostFilterHandler(names)
    assert [type(f).__name__ for f in handler.filters] == names
