"""/os-floating-ips, /os-floating-ip-pools and add/removeFloatingIp as
the API answers them (the network side is a recorder here)."""

import pytest

from minova.network import rpcapi as network_rpcapi
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf

FIPS = '/v2.1/os-floating-ips'


@pytest.fixture
def pool(api):
    objects.FloatingIPList.create_pool(fakes.admin_ctx(), 'public',
                                       ['172.24.4.%d' % i for i in (1, 2)])


@pytest.fixture
def calls(monkeypatch):
    made = []
    for name in ('associate_floating_ip', 'disassociate_floating_ip'):
        monkeypatch.setattr(
            network_rpcapi.NetworkAPI, name,
            (lambda n: lambda self, ctxt, *a: made.append((n,) + a))(name))
    return made


def test_pools_and_allocation(api, pool):
    assert api.get('/v2.1/os-floating-ip-pools').json == {
        'floating_ip_pools': [{'name': 'public'}]}
    resp = api.post(FIPS, {'pool': 'public'})
    assert resp.status_int == 200, resp.text
    fip = resp.json['floating_ip']
    assert fip == {'id': fip['id'], 'ip': '172.24.4.1', 'pool': 'public',
                   'fixed_ip': None, 'instance_id': None}
    assert api.get(FIPS).json == {'floating_ips': [fip]}
    assert api.get('%s/%s' % (FIPS, fip['id'])).json == {'floating_ip': fip}
    assert_fault(api.get('%s/%s' % (FIPS, fip['id']), token=OTHER), 404)
    assert_fault(api.post(FIPS, {'pool': 'nope'}), 404)
    limits = api.get('/v2.1/limits').json['limits']['absolute']
    assert limits['totalFloatingIpsUsed'] == 1
    assert api.delete('%s/%s' % (FIPS, fip['id'])).status_int == 202
    assert api.get(FIPS).json == {'floating_ips': []}


def test_quota_and_exhaustion(api, pool, conf):
    conf.config(floating_ips=1, group='quota')
    assert api.post(FIPS, {'pool': 'public'}).status_int == 200
    assert_fault(api.post(FIPS, {'pool': 'public'}), 403)
    conf.config(floating_ips=-1, group='quota')
    assert api.post(FIPS, {'pool': 'public'}).status_int == 200
    assert 'No more floating IPs' in assert_fault(
        api.post(FIPS, {'pool': 'public'}), 404)


@pytest.mark.parametrize('path', [FIPS, '/v2.1/os-floating-ip-pools'])
def test_gone_from_2_36(api, pool, path):
    assert api.get(path, version='2.36').status_int == 404
    assert api.get(path, version='2.35').status_int == 200


def test_actions_until_2_43(api, pool, flavor, calls):
    inst = sf.server(flavor)
    fip = api.post(FIPS, {'pool': 'public'}).json['floating_ip']
    url = '%s/%s/action' % (sf.SERVERS, inst.uuid)
    add = {'addFloatingIp': {'address': fip['ip']}}
    # Nova removed them at 2.44; minova's newest version is below that.
    assert api.post(url, add, version='2.38').status_int == 202
    assert calls == [('associate_floating_ip', fip['ip'], None, inst.uuid)]
    # Not associated with this server (the recorder did not associate).
    resp = api.post(url, {'removeFloatingIp': {'address': fip['ip']}})
    assert 'is not associated with instance' in assert_fault(resp, 409)
    assert_fault(api.post(url, {'addFloatingIp': {'address': 'x'}}), 400)
    assert_fault(api.post(url, {'addFloatingIp': {
        'address': '172.24.4.2'}}), 404)      # not the project's
