"""/flavors/{flavor_id}/os-extra_specs."""

import pytest

from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault

URL = '/v2.1/flavors/1/os-extra_specs'


@pytest.fixture
def flavor(api):
    return fakes.flavor('1', extra_specs={'hw:cpu_policy': 'shared'})


def _specs():
    return objects.Flavor.get_by_flavor_id(fakes.admin_ctx(),
                                           '1').extra_specs


def test_index(api, flavor):
    resp = api.get(URL)
    assert resp.status_int == 200
    assert resp.json == {'extra_specs': {'hw:cpu_policy': 'shared'}}


def test_index_unknown_flavor(api):
    assert_fault(api.get('/v2.1/flavors/nope/os-extra_specs'), 404)


def test_index_private_flavor_hidden_from_users(api):
    fakes.flavor('5', 'secret', is_public=False)
    assert_fault(api.get('/v2.1/flavors/5/os-extra_specs'), 404)
    assert api.get('/v2.1/flavors/5/os-extra_specs',
                   token=ADMIN).status_int == 200


def test_show(api, flavor):
    resp = api.get(URL + '/hw:cpu_policy')
    assert resp.status_int == 200
    assert resp.json == {'hw:cpu_policy': 'shared'}
    msg = assert_fault(api.get(URL + '/missing'), 404)
    assert 'missing' in msg


def test_create(api, flavor):
    body = {'extra_specs': {'quota:disk_read_bytes_sec': 1000,
                            'hw:mem_page_size': 'large'}}
    resp = api.post(URL, body, token=ADMIN)
    assert resp.status_int == 200
    assert resp.json == body
    assert _specs() == {'hw:cpu_policy': 'shared',
                        'quota:disk_read_bytes_sec': '1000',
                        'hw:mem_page_size': 'large'}


def test_create_needs_admin(api, flavor):
    assert_fault(api.post(URL, {'extra_specs': {'a': 'b'}}), 403)
    assert _specs() == {'hw:cpu_policy': 'shared'}


@pytest.mark.parametrize('body', [
    {},
    {'extra_specs': 'a=b'},
    {'extra_specs': {'bad/key': 'v'}},
    {'extra_specs': {'k': 'v' * 256}},
    {'extra_specs': {'k': None}},
    {'extra_specs': {'k': 'v'}, 'more': 1},
])
def test_create_bad_bodies(api, flavor, body):
    assert_fault(api.post(URL, body, token=ADMIN), 400)
    assert _specs() == {'hw:cpu_policy': 'shared'}


def test_create_unknown_flavor(api):
    assert_fault(api.post('/v2.1/flavors/nope/os-extra_specs',
                          {'extra_specs': {'a': 'b'}}, token=ADMIN), 404)


def test_update(api, flavor):
    resp = api.put(URL + '/hw:cpu_policy', {'hw:cpu_policy': 'dedicated'},
                   token=ADMIN)
    assert resp.status_int == 200
    assert resp.json == {'hw:cpu_policy': 'dedicated'}
    assert _specs() == {'hw:cpu_policy': 'dedicated'}


def test_update_errors(api, flavor):
    msg = assert_fault(api.put(URL + '/hw:cpu_policy', {'other': 'x'},
                               token=ADMIN), 400)
    assert msg == 'Request body and URI mismatch'
    assert_fault(api.put(URL + '/a', {'a': '1', 'b': '2'}, token=ADMIN),
                 400)
    assert_fault(api.put(URL + '/a', {}, token=ADMIN), 400)
    assert_fault(api.put(URL + '/a', {'a': 'x'}), 403)
    assert_fault(api.put('/v2.1/flavors/nope/os-extra_specs/a', {'a': 'x'},
                         token=ADMIN), 404)
    assert _specs() == {'hw:cpu_policy': 'shared'}


def test_delete(api, flavor):
    assert_fault(api.delete(URL + '/hw:cpu_policy'), 403)
    resp = api.delete(URL + '/hw:cpu_policy', token=ADMIN)
    assert resp.status_int == 200
    assert resp.body == b''
    assert _specs() == {}
    assert_fault(api.delete(URL + '/hw:cpu_policy', token=ADMIN), 404)
