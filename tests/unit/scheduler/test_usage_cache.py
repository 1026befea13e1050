"""The scheduler keeps the usage it read from the instance rows for
``[filter_scheduler] instance_usage_max_age`` seconds (issue 15: reading
every instance on every request made each pick cost more as servers were
added), with its own picks added as it makes them. One scheduler serves
these tests, as one serves a cloud."""

import oslo_messaging as messaging
import pytest

from minova import exception
from minova import objects
from minova.scheduler import manager as scheduler_manager
from tests.unit.scheduler import fakes


@pytest.fixture
def scheduler(conf):
    conf.config(weight_classes=['RAMWeigher'], group='filter_scheduler')
    return scheduler_manager.SchedulerManager()


def _select(scheduler, ctx, instances):
    spec = fakes.request_spec(num_instances=len(instances))
    try:
        return scheduler.select_destinations(ctx, spec,
                                             [i.uuid for i in instances])
    except messaging.ExpectedException as wrapped:
        raise wrapped.exc_info[1]


def _fill(ctx, scheduler, count):
    instances = [fakes.create_instance(ctx) for _ in range(count)]
    return [_select(scheduler, ctx, [i])[0]['host'] for i in instances]


def test_own_picks_count_without_reading_the_rows_again(db, admin_ctx,
                                                        scheduler):
    """Each host fits one 512 MB instance: the kept usage has the first
    pick in it, so the second goes to the other host and a third finds
    no room."""
    fakes.create_compute(admin_ctx, 'host1', memory_mb=600)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=600)
    assert sorted(_fill(admin_ctx, scheduler, 2)) == ['host1', 'host2']
    assert scheduler.host_manager.usage.kept
    with pytest.raises(exception.NoValidHost):
        _fill(admin_ctx, scheduler, 1)


def test_what_another_process_placed_is_seen_after_max_age(db, admin_ctx,
                                                           scheduler, conf):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=4096)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=2048)
    assert _fill(admin_ctx, scheduler, 1) == ['host1']
    # Placed behind the scheduler's back: 3 GB on host1.
    for _ in range(6):
        fakes.create_instance(admin_ctx, host='host1')
    # Kept usage: host1 (3.5 GB free) still looks best.
    assert _fill(admin_ctx, scheduler, 1) == ['host1']
    conf.config(instance_usage_max_age=0, group='filter_scheduler')
    assert _fill(admin_ctx, scheduler, 1) == ['host2']
    assert not scheduler.host_manager.usage.kept


def test_a_request_the_kept_usage_cannot_place_reads_again(db, admin_ctx,
                                                           scheduler):
    """A delete the kept usage does not know of has made room."""
    fakes.create_compute(admin_ctx, 'host1', memory_mb=600)
    first = fakes.create_instance(admin_ctx)
    _select(scheduler, admin_ctx, [first])
    objects.Instance.get_by_uuid(admin_ctx, first.uuid).destroy()

    assert _fill(admin_ctx, scheduler, 1) == ['host1']
    assert not scheduler.host_manager.usage.kept


def test_a_reschedule_reads_where_the_instance_is_now(db, admin_ctx,
                                                      scheduler):
    """An instance being scheduled again is never counted where the kept
    usage last saw it: its own room on the host that failed it is free."""
    fakes.create_compute(admin_ctx, 'host1', memory_mb=600)
    instance = fakes.create_instance(admin_ctx)
    _select(scheduler, admin_ctx, [instance])

    assert _select(scheduler, admin_ctx, [instance])[0]['host'] == 'host1'
    assert not scheduler.host_manager.usage.kept
