"""The compute API's image proxy: /images (up to 2.35) and
/images/{id}/metadata (up to 2.38), against minova-image-api on a port."""

import uuid

import pytest

from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.image import server

IMAGES = '/v2.1/images'
DETAIL_KEYS = {'id', 'name', 'minRam', 'minDisk', 'metadata', 'created',
               'updated', 'status', 'progress', 'OS-EXT-IMG-SIZE:size',
               'links'}


@pytest.fixture
def glance_url(db, conf, tmp_path):
    with server.image_service(conf, tmp_path) as url:
        yield url


@pytest.fixture
def cirros(glance_url):
    return server.make_image(glance_url, b'0123456789', name='cirros',
                             min_ram=64, hw_disk_bus='virtio',
                             visibility='public', token='admin:admin')


def test_index(api, cirros, glance_url):
    resp = api.get(IMAGES)
    assert resp.status_int == 200, resp.text
    [image] = resp.json['images']
    assert set(image) == {'id', 'name', 'links'}
    assert image['name'] == 'cirros'
    assert image['links'] == [
        {'rel': 'self',
         'href': 'http://localhost/v2.1/images/%s' % cirros['id']},
        {'rel': 'bookmark',
         'href': 'http://localhost/images/%s' % cirros['id']},
        {'rel': 'alternate', 'type': 'application/vnd.openstack.image',
         'href': '%s/images/%s' % (glance_url, cirros['id'])}]


def test_detail_and_show(api, cirros):
    [listed] = api.get(IMAGES + '/detail').json['images']
    shown = api.get('%s/%s' % (IMAGES, cirros['id'])).json['image']
    assert listed == shown
    assert set(shown) == DETAIL_KEYS
    assert (shown['status'], shown['progress']) == ('ACTIVE', 100)
    assert (shown['minRam'], shown['minDisk']) == (64, 0)
    assert shown['OS-EXT-IMG-SIZE:size'] == 10
    assert shown['metadata'] == {'hw_disk_bus': 'virtio'}
    assert shown['created'].endswith('Z')


def test_snapshot_shows_its_server(api, glance_url):
    server_id = str(uuid.uuid4())
    image = server.make_image(glance_url, name='snap',
                              instance_uuid=server_id, image_type='snapshot',
                              auto_disk_config='False')
    shown = api.get('%s/%s' % (IMAGES, image['id'])).json['image']
    assert (shown['status'], shown['progress']) == ('SAVING', 25)
    assert shown['server']['id'] == server_id
    assert shown['server']['links'][0]['href'].endswith(
        '/servers/' + server_id)
    assert shown['OS-DCF:diskConfig'] == 'MANUAL'


def test_filters(api, cirros, glance_url):
    snap = server.make_image(glance_url, name='snap', image_type='snapshot',
                             instance_uuid=str(uuid.uuid4()))

    def names(query):
        resp = api.get(IMAGES + query)
        assert resp.status_int == 200, resp.text
        return sorted(i['name'] for i in resp.json['images'])

    assert names('') == ['cirros', 'snap']
    assert names('?name=cirros') == ['cirros']
    assert names('?status=ACTIVE') == ['cirros']
    assert names('?type=snapshot') == ['snap']
    assert names('?server=http://x/servers/%s'
                 % snap['instance_uuid']) == ['snap']
    assert names('?property-hw_disk_bus=virtio') == ['cirros']
    assert names('?minRam=64') == ['cirros']
    assert names('?changes-since=2000-01-01T00:00:00Z') == ['cirros', 'snap']
    assert names('?changes-since=2999-01-01T00:00:00Z') == []
    assert_fault(api.get(IMAGES + '?changes-since=never'), 400)


def test_pagination(api, glance_url):
    for i in range(3):
        server.make_image(glance_url, name='img%d' % i)
    first = api.get(IMAGES + '?limit=2').json
    assert len(first['images']) == 2
    next_href = first['images_links'][0]['href']
    assert 'marker=%s' % first['images'][-1]['id'] in next_href
    rest = api.get(IMAGES + '?limit=2&marker=%s'
                   % first['images'][-1]['id']).json
    assert len(rest['images']) == 1 and 'images_links' not in rest
    assert_fault(api.get(IMAGES + '?marker=%s' % uuid.uuid4()), 400)


def test_show_missing_or_invisible_is_404(api, glance_url):
    theirs = server.make_image(glance_url, token='bob:proj2')
    for image_id in (str(uuid.uuid4()), theirs['id'], 'not-a-uuid'):
        assert assert_fault(api.get('%s/%s' % (IMAGES, image_id)), 404) == \
            'Image not found.'


def test_delete(api, glance_url):
    image = server.make_image(glance_url)
    resp = api.delete('%s/%s' % (IMAGES, image['id']))
    assert resp.status_int == 204 and resp.body == b''
    assert_fault(api.get('%s/%s' % (IMAGES, image['id'])), 404)
    assert_fault(api.delete('%s/%s' % (IMAGES, image['id'])), 404)


def test_delete_refused_is_403(api, cirros, glance_url):
    protected = server.make_image(glance_url, protected=True)
    for image_id in (protected['id'], cirros['id']):
        message = assert_fault(api.delete('%s/%s' % (IMAGES, image_id)),
                               403)
        assert message == 'You are not allowed to delete the image.'


@pytest.mark.parametrize('method,path', [
    ('get', ''), ('get', '/detail'), ('get', '/{id}'), ('delete', '/{id}')])
def test_gone_from_2_36(api, cirros, method, path):
    path = IMAGES + path.format(id=cirros['id'])
    gone = 'API version 2.36 is not supported on this method.'
    assert assert_fault(getattr(api, method)(path, version='2.36'),
                        404) == gone
    assert getattr(api, method)(path, version='2.35').status_int in (
        200, 403)   # the public image is not the user's to delete


def test_legacy_v2_and_project_urls(api, cirros):
    for path in ('/v2/proj1/images', '/v2.1/proj1/images/detail'):
        resp = api.get(path)
        assert resp.status_int == 200, resp.text
        assert resp.json['images'][0]['id'] == cirros['id']


# -- /images/{image_id}/metadata ---------------------------------------------

def _meta(image_id, key=None):
    path = '%s/%s/metadata' % (IMAGES, image_id)
    return path + '/' + key if key else path


def _props(api, image_id):
    return api.get('%s/%s' % (IMAGES, image_id)).json['image']['metadata']


@pytest.fixture
def mine(glance_url):
    return server.make_image(glance_url, name='mine', a='1', b='2')


def test_metadata_index_and_show(api, mine):
    assert api.get(_meta(mine['id'])).json == {
        'metadata': {'a': '1', 'b': '2'}}
    assert api.get(_meta(mine['id'], 'a')).json == {'meta': {'a': '1'}}
    assert_fault(api.get(_meta(mine['id'], 'zz')), 404)
    assert assert_fault(api.get(_meta(str(uuid.uuid4()))), 404) == \
        'Image not found.'


def test_metadata_create_merges(api, mine):
    resp = api.post(_meta(mine['id']), {'metadata': {'b': '3', 'c': '4'}})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'metadata': {'a': '1', 'b': '3', 'c': '4'}}
    assert _props(api, mine['id']) == {'a': '1', 'b': '3', 'c': '4'}


def test_metadata_update_all_replaces(api, mine):
    resp = api.put(_meta(mine['id']), {'metadata': {'z': '9'}})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'metadata': {'z': '9'}}
    assert _props(api, mine['id']) == {'z': '9'}


def test_metadata_update_one(api, mine):
    resp = api.put(_meta(mine['id'], 'b'), {'meta': {'b': 'new'}})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'meta': {'b': 'new'}}
    assert _props(api, mine['id']) == {'a': '1', 'b': 'new'}
    assert assert_fault(api.put(_meta(mine['id'], 'b'),
                                {'meta': {'c': 'x'}}), 400) == \
        'Request body and URI mismatch'
    assert_fault(api.put(_meta(mine['id'], 'b'),
                         {'meta': {'b': '1', 'c': '2'}}), 400)


def test_metadata_delete(api, mine):
    resp = api.delete(_meta(mine['id'], 'a'))
    assert resp.status_int == 204
    assert _props(api, mine['id']) == {'b': '2'}
    assert assert_fault(api.delete(_meta(mine['id'], 'a')), 404) == \
        'Invalid metadata key'


def test_metadata_quota(api, mine, conf):
    conf.config(metadata_items=3, group='quota')
    assert api.post(_meta(mine['id']), {'metadata': {'c': '3'}}) \
        .status_int == 200
    assert assert_fault(api.post(_meta(mine['id']),
                                 {'metadata': {'d': '4'}}), 403) == \
        'Image metadata limit exceeded'
    assert _props(api, mine['id']) == {'a': '1', 'b': '2', 'c': '3'}


def test_metadata_of_someone_elses_image_is_403(api, cirros):
    # A public image of another project: visible, but not theirs to change.
    assert api.get(_meta(cirros['id']), token=OTHER).status_int == 200
    assert_fault(api.post(_meta(cirros['id']), {'metadata': {'x': '1'}},
                          token=OTHER), 403)
    assert api.post(_meta(cirros['id']), {'metadata': {'x': '1'}},
                    token=ADMIN).status_int == 200


def test_metadata_bad_body_is_400(api, mine):
    for body in ({'metadata': {'a': 1}}, {'meta': {'a': '1'}}, {},
                 {'metadata': {'': 'x'}}):
        assert_fault(api.post(_meta(mine['id']), body), 400)
    assert _props(api, mine['id']) == {'a': '1', 'b': '2'}


def test_metadata_still_served_at_2_38(api, mine):
    assert api.get(_meta(mine['id']), version='2.38').status_int == 200
