"""The /v2/images handlers through the whole pipeline."""

import hashlib
import os
import uuid

import webob

from tests.unit.image_api.conftest import BrokenInput


def test_version_discovery_needs_no_token(image_api):
    resp = image_api.get('/', token=None)
    assert resp.status_int == 300
    versions = resp.json['versions']
    assert versions[0]['status'] == 'CURRENT'
    assert versions[0]['links'][0]['href'].endswith('/v2/')
    assert image_api.get('/versions', token=None).status_int == 200
    assert resp.headers['x-openstack-request-id'].startswith('req-')


def test_api_needs_a_token(image_api):
    resp = image_api.get('/v2/images', token=None)
    assert resp.status_int == 401
    assert 'x-openstack-request-id' in resp.headers


def test_create_show_list(image_api):
    image = image_api.create(name='cirros', kernel_id=str(uuid.uuid4()),
                             hw_disk_bus='virtio', tags=['a', 'b'])
    assert image['status'] == 'queued'
    assert image['owner'] == 'proj1'
    assert image['visibility'] == 'shared'
    assert image['size'] is None and image['checksum'] is None
    assert image['hw_disk_bus'] == 'virtio'
    assert image['tags'] == ['a', 'b']
    assert image['self'] == '/v2/images/%s' % image['id']
    shown = image_api.get('/v2/images/%s' % image['id']).json
    assert shown == image
    listed = image_api.get('/v2/images').json
    assert [i['id'] for i in listed['images']] == [image['id']]
    assert listed['first'] == '/v2/images'


def test_create_with_id_and_duplicate(image_api):
    image_id = str(uuid.uuid4())
    assert image_api.create(id=image_id)['id'] == image_id
    resp = image_api.post('/v2/images', {'id': image_id})
    assert resp.status_int == 409


def test_create_bad_input(image_api):
    for body, code in [({'status': 'active'}, 403),
                       ({'deleted': True}, 403),
                       ({'disk_format': 'floppy'}, 400),
                       ({'min_ram': -1}, 400),
                       ({'min_disk': 'big'}, 400),
                       ({'kernel_id': 'not-a-uuid'}, 400),
                       ({'hw_cpu_cores': 4}, 400),
                       ({'id': 'abc'}, 400),
                       ({'name': 'x' * 256}, 400),
                       (['a list'], 400)]:
        resp = image_api.post('/v2/images', body)
        assert resp.status_int == code, (body, resp.text)
        assert resp.json['message'], body
    resp = image_api.request('POST', '/v2/images', body=b'{not json',
                             content_type='application/json')
    assert resp.status_int == 400
    resp = image_api.request('POST', '/v2/images', body=b'{}',
                             content_type='text/plain')
    assert resp.status_int == 415


def test_unknown_image_and_path(image_api):
    assert image_api.get('/v2/images/%s' % uuid.uuid4()).status_int == 404
    assert image_api.get('/v2/images/not-a-uuid').status_int == 404
    assert image_api.get('/v2/nothing').status_int == 404
    resp = image_api.request('POST', '/v2/images/%s' % uuid.uuid4())
    assert resp.status_int == 405
    assert set(resp.headers['Allow'].split(', ')) == {'GET', 'PATCH',
                                                      'DELETE'}


def test_errors_are_glance_shaped(image_api):
    resp = image_api.get('/v2/images/%s' % uuid.uuid4())
    assert resp.content_type == 'application/json'
    assert resp.json['code'] == '404 Not Found'
    assert resp.json['title'] == 'Not Found'
    assert resp.json['message'].startswith('No image found with ID')
    # Clients that do not ask for JSON get webob's HTML, as from Glance.
    resp = image_api.get('/v2/images/%s' % uuid.uuid4(),
                         headers={'Accept': '*/*'})
    assert resp.content_type == 'text/html'
    assert '<h1>404 Not Found</h1>' in resp.text


def test_upload_download_lifecycle(image_api, store_path):
    image = image_api.create(disk_format='raw')
    data = os.urandom(300 * 1024 + 7)
    assert image_api.upload(image['id'], data).status_int == 204
    shown = image_api.get('/v2/images/%s' % image['id']).json
    assert shown['status'] == 'active'
    assert shown['size'] == len(data) == shown['virtual_size']
    assert shown['checksum'] == hashlib.md5(data).hexdigest()
    assert shown['os_hash_algo'] == 'sha512'
    assert shown['os_hash_value'] == hashlib.sha512(data).hexdigest()
    assert os.listdir(store_path) == [image['id']]
    resp = image_api.get('/v2/images/%s/file' % image['id'])
    assert resp.status_int == 200
    assert resp.content_type == 'application/octet-stream'
    assert resp.headers['Content-MD5'] == shown['checksum']
    assert resp.body == data
    # Upload to an active image: 409, data untouched.
    resp = image_api.upload(image['id'], b'other')
    assert resp.status_int == 409
    assert image_api.get('/v2/images/%s/file' % image['id']).body == data


def test_download_is_streamed_in_chunks(image_api, conf):
    image = image_api.create()
    image_api.upload(image['id'], b'a' * (200 * 1024))
    req = webob.Request.blank('/v2/images/%s/file' % image['id'])
    req.headers['X-Auth-Token'] = 'alice:proj1'
    status, headers, app_iter = req.call_application(image_api.app)
    chunks = list(app_iter)
    assert status.startswith('200')
    assert max(len(c) for c in chunks) == conf.conf.image_api.chunk_size
    assert len(chunks) > 1


def test_download_without_data_is_204(image_api):
    image = image_api.create()
    assert image_api.get('/v2/images/%s/file' % image['id']).status_int \
        == 204


def test_upload_wrong_content_type(image_api):
    image = image_api.create()
    resp = image_api.upload(image['id'], b'data', content_type='text/plain')
    assert resp.status_int == 415
    assert image_api.get('/v2/images/%s' % image['id']).json['status'] == \
        'queued'


def test_broken_upload_kills_image(image_api, store_path):
    image = image_api.create()
    req = webob.Request.blank('/v2/images/%s/file' % image['id'],
                              method='PUT')
    req.headers['X-Auth-Token'] = 'alice:proj1'
    req.content_type = 'application/octet-stream'
    req.environ['wsgi.input'] = BrokenInput(100 * 1024)
    req.environ['CONTENT_LENGTH'] = str(1024 * 1024)
    resp = req.get_response(image_api.app)
    assert resp.status_int == 400
    shown = image_api.get('/v2/images/%s' % image['id']).json
    assert shown['status'] == 'killed'
    assert shown['size'] is None
    assert os.listdir(store_path) == []
    # A killed image takes no more data; it can be deleted.
    assert image_api.upload(image['id'], b'x').status_int == 409
    assert image_api.delete('/v2/images/%s' % image['id']).status_int == 204


def test_short_upload_is_a_size_mismatch(image_api, store_path):
    image = image_api.create()
    req = webob.Request.blank('/v2/images/%s/file' % image['id'],
                              method='PUT', body=b'x' * 1000)
    req.headers['X-Auth-Token'] = 'alice:proj1'
    req.headers['Accept'] = 'application/json'
    req.content_type = 'application/octet-stream'
    req.environ['CONTENT_LENGTH'] = '2000'
    resp = req.get_response(image_api.app)
    assert resp.status_int == 400
    assert 'expected 2000 bytes, received 1000' in resp.json['message']
    assert image_api.get('/v2/images/%s' % image['id']).json['status'] == \
        'killed'
    assert os.listdir(store_path) == []


def test_upload_over_the_size_limit(image_api, conf, store_path):
    conf.config(max_image_size=1000, group='image_api')
    image = image_api.create()
    # Declared too large: refused before any byte is read; still queued.
    assert image_api.upload(image['id'], b'x' * 1001).status_int == 413
    assert image_api.get('/v2/images/%s' % image['id']).json['status'] == \
        'queued'
    # Chunked (no length) and too large: killed once past the limit.
    req = webob.Request.blank('/v2/images/%s/file' % image['id'],
                              method='PUT', body=b'x' * 5000)
    req.headers['X-Auth-Token'] = 'alice:proj1'
    req.content_type = 'application/octet-stream'
    del req.environ['CONTENT_LENGTH']
    req.headers['Transfer-Encoding'] = 'chunked'
    assert req.get_response(image_api.app).status_int == 413
    assert image_api.get('/v2/images/%s' % image['id']).json['status'] == \
        'killed'
    assert os.listdir(store_path) == []


def test_qcow2_virtual_size(image_api):
    image = image_api.create(disk_format='qcow2')
    header = b'QFI\xfb' + b'\0' * 20 + (10 * 1024 ** 3).to_bytes(8, 'big')
    image_api.upload(image['id'], header + b'\0' * 100)
    shown = image_api.get('/v2/images/%s' % image['id']).json
    assert shown['virtual_size'] == 10 * 1024 ** 3


def test_delete(image_api, store_path):
    image = image_api.create()
    image_api.upload(image['id'], b'data')
    assert image_api.delete('/v2/images/%s' % image['id']).status_int == 204
    assert os.listdir(store_path) == []
    assert image_api.get('/v2/images/%s' % image['id']).status_int == 404
    assert image_api.delete('/v2/images/%s' % image['id']).status_int == 404
    assert image_api.get('/v2/images').json['images'] == []
    # Ids of deleted images are not handed out again.
    assert image_api.post('/v2/images', {'id': image['id']}).status_int == \
        409


def test_protected_image_cannot_be_deleted(image_api):
    image = image_api.create(protected=True)
    resp = image_api.delete('/v2/images/%s' % image['id'])
    assert resp.status_int == 403
    assert 'protected' in resp.json['message']
    image_api.patch('/v2/images/%s' % image['id'],
                    [{'op': 'replace', 'path': '/protected', 'value': False}])
    assert image_api.delete('/v2/images/%s' % image['id']).status_int == 204


def test_visibility_rules(image_api):
    private = image_api.create(name='private', visibility='private')
    shared = image_api.create(name='shared')
    community = image_api.create(name='community', visibility='community')
    public = image_api.create(name='public', visibility='public',
                              token='admin:admin')
    other = 'bob:proj2'

    def names(query='', token=other):
        return sorted(i['name'] for i in image_api.get(
            '/v2/images' + query, token=token).json['images'])

    assert names() == ['public']
    assert names(token='alice:proj1') == ['community', 'private', 'public',
                                          'shared']
    assert names('?visibility=community') == ['community']
    assert names('?visibility=all') == ['community', 'public']
    assert names('?visibility=private') == []
    assert names(token='admin:admin') == ['community', 'private', 'public',
                                          'shared']
    for image in (private, shared):
        url = '/v2/images/%s' % image['id']
        assert image_api.get(url, token=other).status_int == 404
        assert image_api.delete(url, token=other).status_int == 404
    for image in (public, community):
        url = '/v2/images/%s' % image['id']
        assert image_api.get(url, token=other).status_int == 200
        assert image_api.delete(url, token=other).status_int == 403
        assert image_api.upload(image['id'], b'x',
                                token=other).status_int == 403
    # Only admins publish, or give images away.
    assert image_api.post('/v2/images', {'visibility': 'public'}
                          ).status_int == 403
    assert image_api.post('/v2/images', {'owner': 'proj2'}).status_int == 403
    resp = image_api.patch('/v2/images/%s' % shared['id'], [
        {'op': 'replace', 'path': '/visibility', 'value': 'public'}])
    assert resp.status_int == 403
    # The admin role (X-Roles) makes any user an admin under noauth.
    assert names(token='carol:proj3') == ['public']
    resp = image_api.get('/v2/images', token='carol',
                         headers={'X-Roles': 'admin',
                                  'X-Project-Id': 'proj3'})
    assert len(resp.json['images']) == 4


def test_token_without_project(image_api):
    image = image_api.create(token='dave', visibility='private')
    assert image['owner'] == 'dave'
    resp = image_api.post('/v2/images', {'name': 'x'}, token='dave',
                          headers={'X-Project-Id': 'projx'})
    assert resp.json['owner'] == 'projx'


def test_list_filters(image_api):
    a = image_api.create(name='a', disk_format='qcow2', hw_x='1', tags=['t'])
    b = image_api.create(name='b', disk_format='raw', protected=True)
    image_api.create(name='hidden', os_hidden=True)
    image_api.upload(b['id'], b'12345')

    def ids(query):
        resp = image_api.get('/v2/images' + query)
        assert resp.status_int == 200, resp.text
        return sorted(i['id'] for i in resp.json['images'])

    assert ids('?name=a') == [a['id']]
    assert ids('?status=active') == [b['id']]
    assert ids('?disk_format=qcow2') == [a['id']]
    assert ids('?owner=proj1') == sorted([a['id'], b['id']])
    assert ids('?owner=proj2') == []
    assert ids('?hw_x=1') == [a['id']]
    assert ids('?tag=t') == [a['id']]
    assert ids('?protected=true') == [b['id']]
    assert ids('?size_min=5&size_max=5') == [b['id']]
    assert len(ids('?os_hidden=true')) == 1
    for query in ('?visibility=everyone', '?protected=maybe', '?limit=-1',
                  '?limit=x', '?sort_key=owner', '?sort=name:up',
                  '?marker=%s' % uuid.uuid4(), '?size_min=big'):
        assert image_api.get('/v2/images' + query).status_int == 400, query


def test_list_pagination_and_sort(image_api):
    names = ['img%02d' % i for i in range(7)] + [None]
    for name in names:
        image_api.create(name=name)
    seen, url = [], '/v2/images?limit=3&sort=name:asc'
    while url:
        body = image_api.get(url).json
        seen.extend(i['name'] for i in body['images'])
        url = body.get('next')
    assert seen == [None] + names[:-1]
    body = image_api.get('/v2/images?sort_key=name&sort_dir=desc').json
    assert [i['name'] for i in body['images']] == list(reversed(seen))
    # Default order: newest first.
    body = image_api.get('/v2/images').json
    assert body['images'][0]['name'] is None


def test_schemas(image_api):
    schema = image_api.get('/v2/schemas/image').json
    assert schema['name'] == 'image'
    assert schema['additionalProperties'] == {'type': 'string'}
    assert image_api.get('/v2/schemas/images').json['name'] == 'images'


def test_request_id_on_errors(image_api):
    resp = image_api.get('/v2/images/%s' % uuid.uuid4())
    assert resp.headers['x-openstack-request-id'].startswith('req-')


def test_delete_during_upload_is_410(image_api, store_path):
    image = image_api.create()

    class DeletingInput:
        """Deletes the image half way through the upload."""

        def __init__(self):
            self.sent = 0

        def read(self, size):
            if self.sent == 4096:
                assert image_api.delete(
                    '/v2/images/%s' % image['id']).status_int == 204
            self.sent += min(size, 4096)
            return b'x' * min(size, 4096)

    req = webob.Request.blank('/v2/images/%s/file' % image['id'],
                              method='PUT')
    req.headers['X-Auth-Token'] = 'alice:proj1'
    req.headers['Accept'] = 'application/json'
    req.content_type = 'application/octet-stream'
    req.environ['wsgi.input'] = DeletingInput()
    req.environ['CONTENT_LENGTH'] = str(64 * 1024)
    resp = req.get_response(image_api.app)
    assert resp.status_int == 410, resp.text
    assert os.listdir(store_path) == []
    assert image_api.get('/v2/images/%s' % image['id']).status_int == 404
