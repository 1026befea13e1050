"""/os-availability-zone."""

import pytest

from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault


@pytest.fixture
def services(api):
    ctl = fakes.service('ctl', 'minova-conductor')
    sched = fakes.service('ctl', 'minova-scheduler')
    host1 = fakes.service('host1')
    host2 = fakes.service('host2')
    fakes.compute_node('host2', availability_zone='az2')
    host3 = fakes.service('host3')
    fakes.compute_node('host3', availability_zone='az3')
    host3.disabled = True
    host3.save()
    return ctl, sched, host1, host2, host3


def test_index(api, services):
    resp = api.get('/v2.1/os-availability-zone')
    assert resp.status_int == 200
    assert resp.json == {'availabilityZoneInfo': [
        {'zoneName': 'az2', 'zoneState': {'available': True},
         'hosts': None},
        {'zoneName': 'nova', 'zoneState': {'available': True},
         'hosts': None},
        {'zoneName': 'az3', 'zoneState': {'available': False},
         'hosts': None},
    ]}


def test_index_default_zone_from_config(api, conf):
    conf.config(default_availability_zone='zone-a')
    fakes.service('host1')
    zones = api.get('/v2.1/os-availability-zone').json[
        'availabilityZoneInfo']
    assert [z['zoneName'] for z in zones] == ['zone-a']


def test_index_empty(api):
    assert api.get('/v2.1/os-availability-zone').json == {
        'availabilityZoneInfo': []}


def test_detail(api, services):
    ctl, sched, host1, host2, host3 = services
    fakes.mark_down(host1)
    resp = api.get('/v2.1/os-availability-zone/detail', token=ADMIN)
    assert resp.status_int == 200
    zones = {z['zoneName']: z for z in resp.json['availabilityZoneInfo']}
    assert list(zones) == ['az2', 'internal', 'nova', 'az3']
    assert zones['az3'] == {'zoneName': 'az3',
                            'zoneState': {'available': False},
                            'hosts': None}
    internal = zones['internal']['hosts']
    assert set(internal) == {'ctl'}
    assert set(internal['ctl']) == {'minova-conductor', 'minova-scheduler'}
    entry = internal['ctl']['minova-conductor']
    assert set(entry) == {'available', 'active', 'updated_at'}
    assert entry['available'] is True and entry['active'] is True
    nova = zones['nova']
    assert nova['zoneState'] == {'available': True}
    assert nova['hosts']['host1']['minova-compute']['available'] is False
    assert set(zones['az2']['hosts']) == {'host2'}


def test_detail_needs_admin(api, services):
    assert_fault(api.get('/v2.1/os-availability-zone/detail'), 403)
