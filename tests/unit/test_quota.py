"""minova.quota: limits, counted usage, how many instances fit."""

import pytest

from minova.db import api as db
from minova import exception
from minova import quota
from tests.unit.api import fakes

pytestmark = pytest.mark.usefixtures('db')


class Flavor:
    def __init__(self, vcpus=1, memory_mb=512):
        self.vcpus = vcpus
        self.memory_mb = memory_mb


def _instances(count, project_id='proj1', **kwargs):
    for _ in range(count):
        fakes.instance(project_id=project_id, **kwargs)


def _override(resource, limit, project_id='proj1'):
    db.row_create('Quota', {'project_id': project_id, 'resource': resource,
                            'hard_limit': limit})


def test_limits_default_and_override(conf):
    conf.config(instances=7, group='quota')
    _override('cores', 3)
    limits = quota.get_limits('proj1')
    assert set(limits) == set(quota.RESOURCES) | set(quota.UNENFORCED)
    assert limits['instances'] == 7 and limits['cores'] == 3
    assert quota.get_limits('proj2')['cores'] == 20


def test_usage_counts_live_instances_of_the_project():
    _instances(2, vcpus=2, memory_mb=256)
    fakes.instance(vcpus=4, memory_mb=1024).destroy()
    _instances(1, project_id='proj2')
    assert quota.count_instance_usage('proj1') == {
        'instances': 2, 'cores': 4, 'ram': 512}
    assert quota.count_instance_usage('nobody') == {
        'instances': 0, 'cores': 0, 'ram': 0}


def test_a_shelved_offloaded_server_keeps_its_quota(conf):
    """Nova's counting from the database (count_usage_from_placement
    off): an offloaded server holds its instance, cores and ram, so its
    unshelve never takes the project over and a new boot cannot take
    its room meanwhile."""
    conf.config(instances=1, group='quota')
    fakes.instance(vcpus=2, memory_mb=256, vm_state='shelved_offloaded',
                   host=None)
    assert quota.count_instance_usage('proj1') == {
        'instances': 1, 'cores': 2, 'ram': 256}
    with pytest.raises(exception.TooManyInstances):
        quota.allowed_instances('proj1', 1, Flavor())


@pytest.mark.parametrize('limits,requested,minimum,allowed', [
    ({}, 3, 1, 3),
    ({'instances': 3}, 5, 1, 2),
    ({'cores': 5}, 5, 1, 2),           # 1 used core + 2 cores each
    ({'ram': 2048}, 5, 2, 3),          # 512 used, 512 each
    ({'instances': -1, 'cores': -1, 'ram': -1}, 50, 50, 50),
])
def test_allowed_instances(conf, limits, requested, minimum, allowed):
    conf.config(group='quota', **limits)
    _instances(1, vcpus=1, memory_mb=512)
    flavor = Flavor(vcpus=2 if 'cores' in limits else 1)
    assert quota.allowed_instances('proj1', requested, flavor,
                                   minimum=minimum) == allowed


def test_none_fits(conf):
    conf.config(instances=1, group='quota')
    _instances(1)
    with pytest.raises(exception.TooManyInstances) as error:
        quota.allowed_instances('proj1', 2, Flavor())
    assert error.value.code == 403
    assert error.value.format_message() == (
        'Quota exceeded for instances: Requested 2, but already used 1 of '
        '1 instances')


def test_fewer_than_minimum_names_the_short_resource(conf):
    conf.config(ram=1500, group='quota')
    with pytest.raises(exception.TooManyInstances) as error:
        quota.allowed_instances('proj1', 3, Flavor(memory_mb=512),
                                minimum=3)
    assert error.value.format_message() == (
        'Quota exceeded for ram: Requested 1536, but already used 0 of 1500 '
        'ram')


def test_several_resources_short(conf):
    conf.config(cores=1, ram=100, group='quota')
    with pytest.raises(exception.TooManyInstances) as error:
        quota.allowed_instances('proj1', 1, Flavor(vcpus=2, memory_mb=512))
    assert error.value.format_message().startswith(
        'Quota exceeded for cores, ram: Requested 2, but already used 0 of '
        '1')


def test_recheck(conf):
    conf.config(instances=2, group='quota')
    _instances(2)
    quota.recheck_instances('proj1')            # at the limit: fine
    _instances(1)
    with pytest.raises(exception.TooManyInstances) as error:
        quota.recheck_instances('proj1')
    assert 'already used 3 of 2 instances' in error.value.format_message()


@pytest.mark.parametrize('limit,count,ok', [(2, 2, True), (2, 3, False),
                                            (-1, 1000, True), (0, 1, False)])
def test_check_count(conf, limit, count, ok):
    conf.config(key_pairs=limit, group='quota')
    assert quota.check_count('key_pairs', 'proj1', count) is ok


def test_given_limits_are_not_read_again(conf, monkeypatch):
    """The create path reads a project's limits once and hands them on."""
    monkeypatch.setattr(quota, 'get_limits',
                        lambda project_id: pytest.fail('read again'))
    monkeypatch.setattr(quota, 'count_instance_usage', lambda project_id: {
        'instances': 1, 'cores': 1, 'ram': 512})
    limits = {'instances': 3, 'cores': 10, 'ram': 10000}
    assert quota.allowed_instances('proj1', 5, Flavor(), limits=limits) == 2
    quota.recheck_instances('proj1', limits)


def test_a_users_own_limits_count_the_users_instances():
    _instances(2)
    _instances(1, user_id='bob')
    db.quota_set_all('user', {'instances': 3}, project_id='proj1',
                     user_id='alice')
    assert quota.allowed_instances('proj1', 5, Flavor(),
                                   user_id='alice') == 1
    assert quota.allowed_instances('proj1', 5, Flavor(),
                                   user_id='bob') == 5
    with pytest.raises(exception.TooManyInstances) as error:
        quota.allowed_instances('proj1', 2, Flavor(), minimum=2,
                                user_id='alice')
    assert 'already used 2 of 3 instances' in error.value.format_message()
