"""/flavors and os-flavor-manage."""

import pytest
from oslo_utils import uuidutils

from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault

DETAIL_KEYS = {'id', 'name', 'ram', 'disk', 'vcpus', 'swap', 'rxtx_factor',
               'OS-FLV-EXT-DATA:ephemeral', 'OS-FLV-DISABLED:disabled',
               'os-flavor-access:is_public', 'links'}


@pytest.fixture
def flavors(api):
    return [fakes.flavor('1', 'm1.tiny', 512, 1, 1),
            fakes.flavor('2', 'm1.small', 2048, 1, 20, swap=512),
            fakes.flavor('3', 'm1.medium', 4096, 2, 40),
            fakes.flavor('9', 'private', 1024, 1, 10, is_public=False)]


def _ids(resp):
    return [f['id'] for f in resp.json['flavors']]


def test_index_shape(api, flavors):
    resp = api.get('/v2.1/flavors')
    assert resp.status_int == 200
    assert _ids(resp) == ['1', '2', '3']
    item = resp.json['flavors'][0]
    assert set(item) == {'id', 'name', 'links'}
    assert item['name'] == 'm1.tiny'
    rels = {link['rel']: link['href'] for link in item['links']}
    assert rels['self'].endswith('/v2.1/flavors/1')
    assert rels['bookmark'].endswith('/flavors/1')
    assert '/v2.1/' not in rels['bookmark']
    assert 'flavors_links' not in resp.json


def test_detail_shape_and_types(api, flavors):
    resp = api.get('/v2.1/flavors/detail')
    assert resp.status_int == 200
    by_id = {f['id']: f for f in resp.json['flavors']}
    tiny, small = by_id['1'], by_id['2']
    assert set(tiny) == DETAIL_KEYS
    assert tiny['ram'] == 512 and tiny['vcpus'] == 1 and tiny['disk'] == 1
    assert tiny['swap'] == ''           # no swap shows as "" before 2.75
    assert small['swap'] == 512
    assert tiny['rxtx_factor'] == 1.0
    assert tiny['OS-FLV-EXT-DATA:ephemeral'] == 0
    assert tiny['OS-FLV-DISABLED:disabled'] is False
    assert tiny['os-flavor-access:is_public'] is True


def test_private_and_disabled_hidden_from_users(api, flavors):
    fakes.flavor('7', 'old', 512, 1, 1, disabled=True)
    assert _ids(api.get('/v2.1/flavors')) == ['1', '2', '3']
    # A user cannot widen the list.
    assert _ids(api.get('/v2.1/flavors?is_public=none')) == ['1', '2', '3']
    assert_fault(api.get('/v2.1/flavors/9'), 404)


def test_admin_is_public_filter(api, flavors):
    assert _ids(api.get('/v2.1/flavors', token=ADMIN)) == ['1', '2', '3']
    assert _ids(api.get('/v2.1/flavors?is_public=None',
                        token=ADMIN)) == ['1', '2', '3', '9']
    assert _ids(api.get('/v2.1/flavors?is_public=false',
                        token=ADMIN)) == ['9']
    msg = assert_fault(api.get('/v2.1/flavors?is_public=maybe',
                               token=ADMIN), 400)
    assert 'is_public' in msg
    assert api.get('/v2.1/flavors/9', token=ADMIN).status_int == 200


def test_min_ram_and_disk(api, flavors):
    assert _ids(api.get('/v2.1/flavors?minRam=2048')) == ['2', '3']
    assert _ids(api.get('/v2.1/flavors/detail?minDisk=30')) == ['3']
    assert_fault(api.get('/v2.1/flavors?minRam=big'), 400)
    assert_fault(api.get('/v2.1/flavors?minDisk=x'), 400)


def test_sorting(api, flavors):
    resp = api.get('/v2.1/flavors?sort_key=memory_mb&sort_dir=desc')
    assert _ids(resp) == ['3', '2', '1']
    resp = api.get('/v2.1/flavors?sort_key=name')
    assert _ids(resp) == ['3', '2', '1']    # medium, small, tiny
    assert_fault(api.get('/v2.1/flavors?sort_dir=up'), 400)
    assert_fault(api.get('/v2.1/flavors?sort_key=colour'), 400)


def test_pagination(api, flavors):
    resp = api.get('/v2.1/flavors?limit=2')
    assert _ids(resp) == ['1', '2']
    [link] = resp.json['flavors_links']
    assert link['rel'] == 'next'
    assert '/v2.1/flavors?' in link['href']
    assert 'marker=2' in link['href'] and 'limit=2' in link['href']
    resp = api.get('/v2.1/flavors/detail?limit=2&marker=2')
    assert _ids(resp) == ['3']
    assert 'flavors_links' not in resp.json
    resp = api.get('/v2.1/flavors/detail?limit=1')
    assert '/v2.1/flavors/detail?' in resp.json['flavors_links'][0]['href']
    assert_fault(api.get('/v2.1/flavors?marker=nope'), 400)
    assert_fault(api.get('/v2.1/flavors?limit=-1'), 400)


def test_show(api, flavors):
    resp = api.get('/v2.1/flavors/2')
    assert resp.status_int == 200
    assert set(resp.json['flavor']) == DETAIL_KEYS
    assert resp.json['flavor']['name'] == 'm1.small'
    msg = assert_fault(api.get('/v2.1/flavors/404'), 404)
    assert '404' in msg


def test_legacy_v2_with_project(api, flavors):
    resp = api.get('/v2/proj1/flavors/1')
    assert resp.status_int == 200
    links = {link['rel']: link['href']
             for link in resp.json['flavor']['links']}
    assert links['self'].endswith('/v2/proj1/flavors/1')
    assert links['bookmark'].endswith('/proj1/flavors/1')


# -- create ----------------------------------------------------------------

def _body(**kwargs):
    flavor = {'name': 'test', 'ram': 1024, 'vcpus': 2, 'disk': 10}
    flavor.update(kwargs)
    return {'flavor': flavor}


def _count():
    return len(objects.FlavorList.get_all(fakes.admin_ctx(),
                                          is_public=None))


def test_create(api):
    resp = api.post('/v2.1/flavors', _body(
        id='custom', swap=256, rxtx_factor=2.5,
        **{'OS-FLV-EXT-DATA:ephemeral': 5,
           'os-flavor-access:is_public': False}), token=ADMIN)
    assert resp.status_int == 200, resp.text
    flavor = resp.json['flavor']
    assert set(flavor) == DETAIL_KEYS
    assert flavor['id'] == 'custom'
    assert flavor['ram'] == 1024 and flavor['vcpus'] == 2
    assert flavor['disk'] == 10 and flavor['swap'] == 256
    assert flavor['OS-FLV-EXT-DATA:ephemeral'] == 5
    assert flavor['rxtx_factor'] == 2.5
    assert flavor['os-flavor-access:is_public'] is False
    assert api.get('/v2.1/flavors/custom', token=ADMIN).status_int == 200


@pytest.mark.parametrize('extra', [{}, {'id': None}])
def test_create_generates_uuid(api, extra):
    resp = api.post('/v2.1/flavors', _body(**extra), token=ADMIN)
    assert resp.status_int == 200
    flavor = resp.json['flavor']
    assert uuidutils.is_uuid_like(flavor['id'])
    assert flavor['swap'] == '' and flavor['os-flavor-access:is_public']


def test_create_numeric_strings_and_id(api):
    resp = api.post('/v2.1/flavors', _body(id=42, ram='512', vcpus='1',
                                            disk='0'), token=ADMIN)
    assert resp.status_int == 200
    assert resp.json['flavor']['id'] == '42'
    assert resp.json['flavor']['ram'] == 512


def test_create_duplicates(api, flavors):
    msg = assert_fault(api.post('/v2.1/flavors', _body(name='m1.tiny'),
                                token=ADMIN), 409)
    assert 'm1.tiny' in msg
    assert_fault(api.post('/v2.1/flavors', _body(id='1'), token=ADMIN), 409)
    assert _count() == 4


def test_create_needs_admin(api):
    assert_fault(api.post('/v2.1/flavors', _body()), 403)
    assert _count() == 0


@pytest.mark.parametrize('body', [
    {},
    {'flavor': {'name': 'x', 'ram': 1, 'vcpus': 1}},        # no disk
    _body(ram=0),
    _body(ram='0'),
    _body(vcpus=-1),
    _body(disk=-1),
    _body(ram=2 ** 31),
    _body(swap='lots'),
    _body(name=' padded'),
    _body(name=''),
    _body(id=''),
    _body(id=' x'),
    _body(rxtx_factor=0),
    _body(colour='red'),
    _body(**{'os-flavor-access:is_public': 'perhaps'}),
])
def test_create_bad_bodies(api, body):
    assert_fault(api.post('/v2.1/flavors', body, token=ADMIN), 400)
    assert _count() == 0


def test_create_malformed_json(api):
    assert_fault(api.post('/v2.1/flavors', b'{not json', token=ADMIN), 400)


# -- delete ----------------------------------------------------------------

def test_delete(api, flavors):
    resp = api.delete('/v2.1/flavors/1', token=ADMIN)
    assert resp.status_int == 202
    assert resp.body == b''
    assert_fault(api.get('/v2.1/flavors/1'), 404)


def test_delete_needs_admin(api, flavors):
    assert_fault(api.delete('/v2.1/flavors/1'), 403)
    assert api.get('/v2.1/flavors/1').status_int == 200


def test_delete_unknown(api):
    assert_fault(api.delete('/v2.1/flavors/nope', token=ADMIN), 404)
