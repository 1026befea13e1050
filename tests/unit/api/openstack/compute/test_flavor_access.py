"""os-flavor-access, and the security fix it comes with: a private
flavor is not found, listed or bootable for a project without access."""

import pytest

from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.api.openstack.compute.server_fakes import body

ACCESS = '/v2.1/flavors/9/os-flavor-access'
ACTION = '/v2.1/flavors/9/action'

pytestmark = pytest.mark.usefixtures('images', 'flavor')


@pytest.fixture
def private(db):
    return fakes.flavor('9', 'private', 512, 1, 1, is_public=False)


def _grant(api, project='proj1', token=ADMIN):
    return api.post(ACTION, {'addTenantAccess': {'tenant': project}},
                    token=token)


def test_boot_with_a_private_flavor_without_access_is_refused(api, casts,
                                                               private):
    resp = api.post(sf.SERVERS, body(flavorRef='9'))
    assert_fault(resp, 400)
    assert 'Flavor 9 could not be found' in resp.text
    assert sf.row_counts() == sf.NO_ROWS
    assert not casts['build_instances'].calls


def test_access_lets_the_project_see_and_boot(api, casts, private):
    assert api.get('/v2.1/flavors/9').status_int == 404
    resp = _grant(api)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'flavor_access': [{'flavor_id': '9',
                                            'tenant_id': 'proj1'}]}
    assert api.get('/v2.1/flavors/9').status_int == 200
    assert '9' in [f['id'] for f in api.get('/v2.1/flavors').json['flavors']]
    assert api.post(sf.SERVERS, body(flavorRef='9')).status_int == 202
    # Another project still cannot.
    other = api.post(sf.SERVERS, body(flavorRef='9'), token='bob:proj2')
    assert_fault(other, 400)


def test_list_add_remove(api, private):
    assert api.get(ACCESS, token=ADMIN).json == {'flavor_access': []}
    _grant(api, 'proj1')
    _grant(api, 'proj2')
    assert [a['tenant_id'] for a in api.get(ACCESS, token=ADMIN).json[
        'flavor_access']] == ['proj1', 'proj2']
    resp = api.post(ACTION, {'removeTenantAccess': {'tenant': 'proj1'}},
                    token=ADMIN)
    assert resp.status_int == 200
    assert resp.json['flavor_access'] == [{'flavor_id': '9',
                                           'tenant_id': 'proj2'}]
    assert api.get('/v2.1/flavors/9').status_int == 404


def test_refusals(api, private):
    assert_fault(_grant(api, token='alice:proj1'), 403)
    assert_fault(api.get(ACCESS), 403)
    _grant(api)
    resp = _grant(api)
    assert_fault(resp, 409)
    assert 'already exists for flavor 9 and project proj1' in resp.text
    resp = api.post(ACTION, {'removeTenantAccess': {'tenant': 'nope'}},
                    token=ADMIN)
    assert_fault(resp, 404)
    assert_fault(api.post('/v2.1/flavors/1/action',
                          {'addTenantAccess': {'tenant': 'p'}},
                          token=ADMIN), 409)
    assert_fault(api.get('/v2.1/flavors/1/os-flavor-access', token=ADMIN),
                 404)
    assert_fault(api.post(ACTION, {'addTenantAccess': {}}, token=ADMIN),
                 400)
    assert_fault(api.get('/v2.1/flavors/404/os-flavor-access',
                         token=ADMIN), 404)


def test_deleting_the_flavor_removes_its_access(api, private):
    _grant(api)
    assert api.delete('/v2.1/flavors/9', token=ADMIN).status_int == 202
    fakes.flavor('9', 'private', 512, 1, 1, is_public=False)
    assert api.get(ACCESS, token=ADMIN).json == {'flavor_access': []}
