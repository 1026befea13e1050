import collections
import logging
import random
import threading
import time

import oslo_messaging as messaging
import pytest

from minova import exception
from minova import objects
from minova.scheduler import host_manager
from minova.scheduler import manager as scheduler_manager
from tests.unit.scheduler import fakes


@pytest.fixture
def ram_only(conf):
    """Rank by free RAM alone, so the expected pick is easy to read."""
    conf.config(weight_classes=['RAMWeigher'], group='filter_scheduler')


def _select(ctx, instances, **spec_fields):
    spec = fakes.request_spec(num_instances=len(instances), **spec_fields)
    try:
        return scheduler_manager.SchedulerManager().select_destinations(
            ctx, spec, [i.uuid for i in instances])
    except messaging.ExpectedException as wrapped:
        # What the RPC dispatcher unwraps before replying to the caller.
        raise wrapped.exc_info[1]


def _hosts_of(ctx, instances):
    return [objects.Instance.get_by_uuid(ctx, i.uuid).host
            for i in instances]


def test_select_destinations_writes_host_and_node(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=1024)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    instance = fakes.create_instance(admin_ctx)

    dests = _select(admin_ctx, [instance])

    assert dests == [{'host': 'host2', 'nodename': 'host2', 'limits': {}}]
    row = objects.Instance.get_by_uuid(admin_ctx, instance.uuid)
    assert (row.host, row.node) == ('host2', 'host2')


def test_multi_create_spreads_by_consuming(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=4096)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    instances = [fakes.create_instance(admin_ctx) for _ in range(4)]

    dests = _select(admin_ctx, instances)

    assert len(dests) == 4
    assert collections.Counter(d['host'] for d in dests) == \
        {'host1': 2, 'host2': 2}
    assert _hosts_of(admin_ctx, instances) == [d['host'] for d in dests]


def test_next_request_counts_instances_placed_by_the_last(db, admin_ctx,
                                                          ram_only):
    # Each host fits one 512 MB instance; compute has reported nothing.
    fakes.create_compute(admin_ctx, 'host1', memory_mb=600)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=600)
    first, second, third = [fakes.create_instance(admin_ctx)
                            for _ in range(3)]

    host_a = _select(admin_ctx, [first])[0]['host']
    host_b = _select(admin_ctx, [second])[0]['host']

    assert {host_a, host_b} == {'host1', 'host2'}
    with pytest.raises(exception.NoValidHost):
        _select(admin_ctx, [third])


def test_not_enough_hosts_writes_nothing(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=1024)
    instances = [fakes.create_instance(admin_ctx) for _ in range(3)]

    with pytest.raises(exception.NoValidHost,
                       match='There are not enough hosts available'):
        _select(admin_ctx, instances)

    assert _hosts_of(admin_ctx, instances) == [None, None, None]


def test_anti_affinity_two_on_two_hosts(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    instances = [fakes.create_instance(admin_ctx) for _ in range(2)]
    group = fakes.create_group(admin_ctx, 'anti-affinity',
                               [i.uuid for i in instances])

    dests = _select(admin_ctx, instances, instance_group=group)

    # RAM alone would have put both on host1.
    assert sorted(d['host'] for d in dests) == ['host1', 'host2']


def test_anti_affinity_three_on_two_hosts_fails(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=8192)
    instances = [fakes.create_instance(admin_ctx) for _ in range(3)]
    group = fakes.create_group(admin_ctx, 'anti-affinity',
                               [i.uuid for i in instances])

    with pytest.raises(exception.NoValidHost):
        _select(admin_ctx, instances, instance_group=group)

    assert _hosts_of(admin_ctx, instances) == [None, None, None]


def test_anti_affinity_sees_a_member_placed_by_an_earlier_request(
        db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    first, second = [fakes.create_instance(admin_ctx) for _ in range(2)]
    group = fakes.create_group(admin_ctx, 'anti-affinity',
                               [first.uuid, second.uuid])
    # The caller read the group before either was placed.
    stale = group.obj_clone()

    assert _select(admin_ctx, [first], instance_group=group)[0]['host'] == \
        'host1'
    assert _select(admin_ctx, [second],
                   instance_group=stale)[0]['host'] == 'host2'


def test_affinity_keeps_members_together(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    member = fakes.create_instance(admin_ctx, host='host2')
    instances = [fakes.create_instance(admin_ctx) for _ in range(3)]
    group = fakes.create_group(admin_ctx, 'affinity',
                               [member.uuid] + [i.uuid for i in instances])
    group.hosts = group.get_hosts()

    dests = _select(admin_ctx, instances, instance_group=group)

    # host1 has more free RAM, but the group already lives on host2.
    assert [d['host'] for d in dests] == ['host2'] * 3


def test_affinity_first_request_picks_one_host_for_all(db, admin_ctx,
                                                       ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=4096)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    instances = [fakes.create_instance(admin_ctx) for _ in range(3)]
    group = fakes.create_group(admin_ctx, 'affinity',
                               [i.uuid for i in instances])

    dests = _select(admin_ctx, instances, instance_group=group)

    # Consumption alone would alternate between the two equal hosts.
    assert len({d['host'] for d in dests}) == 1


def test_soft_anti_affinity_spreads_members(db, admin_ctx, conf):
    conf.config(weight_classes=['RAMWeigher',
                                'ServerGroupSoftAntiAffinityWeigher'],
                ram_weight_multiplier=0.1, group='filter_scheduler')
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=2048)
    instances = [fakes.create_instance(admin_ctx) for _ in range(2)]
    group = fakes.create_group(admin_ctx, 'soft-anti-affinity',
                               [i.uuid for i in instances])

    dests = _select(admin_ctx, instances, instance_group=group)

    assert sorted(d['host'] for d in dests) == ['host1', 'host2']


def test_retry_skips_hosts_already_tried(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=4096)
    # A reschedule: the instance still carries the host that failed it.
    instance = fakes.create_instance(admin_ctx, host='host1')
    retry = objects.SchedulerRetries(num_attempts=2,
                                     hosts=[['host1', 'host1']])

    assert _select(admin_ctx, [instance], retry=retry)[0]['host'] == 'host2'

    retry.hosts.append(['host2', 'host2'])
    with pytest.raises(exception.NoValidHost):
        _select(admin_ctx, [instance], retry=retry)


def test_disabled_and_down_hosts_are_skipped(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'disabled', memory_mb=8192,
                         disabled=True)
    fakes.create_compute(admin_ctx, 'down', memory_mb=8192,
                         stale_heartbeat=True)
    fakes.create_compute(admin_ctx, 'ok', memory_mb=600)
    first, second = [fakes.create_instance(admin_ctx) for _ in range(2)]

    assert _select(admin_ctx, [first])[0]['host'] == 'ok'
    # 'ok' is now full; the two big hosts still do not count.
    with pytest.raises(exception.NoValidHost):
        _select(admin_ctx, [second])


def test_forced_host(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=8192)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=1024, disabled=True)
    instance = fakes.create_instance(admin_ctx)

    dests = _select(admin_ctx, [instance], force_hosts=['host2'])

    assert dests[0]['host'] == 'host2'
    assert _hosts_of(admin_ctx, [instance]) == ['host2']
    with pytest.raises(exception.NoValidHost):
        _select(admin_ctx, [instance], force_hosts=['no-such-host'])


def test_instance_deleted_meanwhile_is_skipped(db, admin_ctx, ram_only):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=4096)
    kept, deleted = [fakes.create_instance(admin_ctx) for _ in range(2)]
    deleted.destroy()

    dests = _select(admin_ctx, [kept, deleted])

    assert len(dests) == 2
    assert _hosts_of(admin_ctx, [kept]) == ['host1']


def test_failed_write_rolls_back_the_request(db, admin_ctx, ram_only,
                                             monkeypatch):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=4096)
    instances = [fakes.create_instance(admin_ctx) for _ in range(2)]
    real_save = objects.Instance.save
    saves = []

    def save_fails_second_placement(self, *args, **kwargs):
        saves.append(self.host)
        if len(saves) == 2:
            raise RuntimeError('database went away')
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(objects.Instance, 'save',
                        save_fails_second_placement)
    with pytest.raises(RuntimeError):
        _select(admin_ctx, instances)

    monkeypatch.setattr(objects.Instance, 'save', real_save)
    assert saves == ['host1', 'host1', None]
    assert _hosts_of(admin_ctx, instances) == [None, None]


def test_host_subset_size_picks_among_the_best(conf, monkeypatch):
    conf.config(host_subset_size=2, weight_classes=['RAMWeigher'],
                group='filter_scheduler')
    manager = scheduler_manager.SchedulerManager()
    hosts = [fakes.host_state('worst', free_ram_mb=100),
             fakes.host_state('best', free_ram_mb=2000),
             fakes.host_state('second', free_ram_mb=1500)]
    offered = []

    def choice(subset):
        offered.append([w.host_state.host for w in subset])
        return subset[-1]

    monkeypatch.setattr(random, 'choice', choice)
    picked = manager._choose_host(hosts, fakes.request_spec(), 0)

    assert offered == [['best', 'second']]
    assert picked.host == 'second'


def test_host_subset_size_one_always_takes_the_best(conf):
    manager = scheduler_manager.SchedulerManager()
    hosts = [fakes.host_state('other', free_ram_mb=1500),
             fakes.host_state('best', free_ram_mb=2000)]
    picks = {manager._choose_host(hosts, fakes.request_spec(), 0).host
             for _ in range(20)}
    assert picks == {'best'}


def test_concurrent_requests_see_each_other(db, admin_ctx, ram_only,
                                            monkeypatch):
    fakes.create_compute(admin_ctx, 'host1', memory_mb=600)
    fakes.create_compute(admin_ctx, 'host2', memory_mb=600)
    instances = [fakes.create_instance(admin_ctx) for _ in range(2)]
    manager = scheduler_manager.SchedulerManager()
    real_get_host_states = host_manager.HostManager.get_host_states

    def slow_get_host_states(self, *args, **kwargs):
        states = real_get_host_states(self, *args, **kwargs)
        # Without the lock, the other request would read the same rows now.
        time.sleep(0.2)
        return states

    monkeypatch.setattr(host_manager.HostManager, 'get_host_states',
                        slow_get_host_states)
    results, errors = {}, []

    def request(instance):
        try:
            spec = fakes.request_spec()
            results[instance.uuid] = manager.select_destinations(
                admin_ctx, spec, [instance.uuid])[0]['host']
        except Exception as error:      # reported below, not lost
            errors.append(error)

    threads = [threading.Thread(target=request, args=(i,))
               for i in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results.values()) == ['host1', 'host2']


def test_logs_start_and_end(db, admin_ctx, ram_only, caplog):
    caplog.set_level(logging.INFO, logger='minova.scheduler.manager')
    fakes.create_compute(admin_ctx, 'host1')
    instance = fakes.create_instance(admin_ctx)
    _select(admin_ctx, [instance])
    assert 'Selecting destinations for 1 instance(s): %s' % instance.uuid \
        in caplog.text
    assert 'Selected destinations host1/host1 in ' in caplog.text


def test_instances_being_scheduled_do_not_count_against_hosts(
        db, admin_ctx, ram_only):
    # A repeated request (the caller's RPC call timed out after we had
    # written host1): the instance must not crowd itself out of host1.
    fakes.create_compute(admin_ctx, 'host1', memory_mb=600)
    instance = fakes.create_instance(admin_ctx)

    assert _select(admin_ctx, [instance])[0]['host'] == 'host1'
    assert _select(admin_ctx, [instance])[0]['host'] == 'host1'
