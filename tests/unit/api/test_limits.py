"""/limits."""

from minova.db import api as db
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault

COMMON = {'maxTotalInstances', 'maxTotalCores', 'maxTotalRAMSize',
          'maxServerMeta', 'maxImageMeta', 'maxPersonality',
          'maxPersonalitySize', 'maxTotalKeypairs', 'maxServerGroups',
          'maxServerGroupMembers', 'totalInstancesUsed', 'totalCoresUsed',
          'totalRAMUsed', 'totalServerGroupsUsed'}
PROXY = {'maxSecurityGroups', 'maxSecurityGroupRules', 'maxTotalFloatingIps',
         'totalFloatingIpsUsed', 'totalSecurityGroupsUsed'}


def _absolute(resp):
    assert resp.status_int == 200, resp.text
    assert set(resp.json) == {'limits'}
    assert resp.json['limits']['rate'] == []
    absolute = resp.json['limits']['absolute']
    assert all(isinstance(v, int) for v in absolute.values())
    return absolute


def test_keys_before_236(api):
    for version in (None, '2.35'):
        absolute = _absolute(api.get('/v2.1/limits', version=version))
        assert set(absolute) == COMMON | PROXY


def test_keys_from_236(api):
    absolute = _absolute(api.get('/v2.1/limits', version='2.36'))
    assert set(absolute) == COMMON


def test_defaults_and_usage(api, conf):
    conf.config(instances=7, cores=9, group='quota')
    fakes.instance(vcpus=2, memory_mb=1024)
    fakes.instance(vcpus=1, memory_mb=512)
    fakes.instance(project_id='proj2')
    objects.InstanceGroup(context=fakes.admin_ctx(), name='g',
                          policy='affinity', project_id='proj1',
                          user_id='alice').create()
    absolute = _absolute(api.get('/v2.1/limits'))
    assert absolute['maxTotalInstances'] == 7
    assert absolute['maxTotalCores'] == 9
    assert absolute['maxTotalRAMSize'] == 51200
    assert absolute['maxServerMeta'] == absolute['maxImageMeta'] == 128
    assert absolute['totalInstancesUsed'] == 2
    assert absolute['totalCoresUsed'] == 3
    assert absolute['totalRAMUsed'] == 1536
    assert absolute['totalServerGroupsUsed'] == 1
    assert absolute['totalFloatingIpsUsed'] == 0


def test_project_override(api):
    db.row_create('Quota', {'project_id': 'proj1', 'resource': 'instances',
                            'hard_limit': 3})
    assert _absolute(api.get('/v2.1/limits'))['maxTotalInstances'] == 3
    assert _absolute(api.get('/v2.1/limits', token='bob:proj2'))[
        'maxTotalInstances'] == 10


def test_other_project(api):
    db.row_create('Quota', {'project_id': 'proj1', 'resource': 'cores',
                            'hard_limit': 4})
    fakes.instance()
    absolute = _absolute(api.get('/v2.1/limits?tenant_id=proj1',
                                 token=ADMIN))
    assert absolute['maxTotalCores'] == 4
    assert absolute['totalInstancesUsed'] == 1
    assert_fault(api.get('/v2.1/limits?tenant_id=proj1',
                         token='bob:proj2'), 403)
    # Naming one's own project is fine.
    assert api.get('/v2.1/limits?tenant_id=proj1').status_int == 200


def test_legacy_v2(api):
    absolute = _absolute(api.get('/v2/proj1/limits'))
    assert set(absolute) == COMMON | PROXY
