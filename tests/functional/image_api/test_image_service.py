"""A user's story with the real minova-image-api over real HTTP."""

import hashlib
import os
import socket
import time
import uuid


def _wait_status(client, image_id, status, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        image = client('GET', '/v2/images/%s' % image_id).json()
        if image['status'] == status:
            return image
        time.sleep(0.1)
    raise AssertionError('image %s is %s, not %s' % (image_id,
                                                     image['status'], status))


def test_discovery_and_request_ids(image_service):
    import requests
    resp = requests.get(image_service.endpoint + '/', timeout=5)
    assert resp.status_code == 300
    assert resp.json()['versions'][0]['links'][0]['href'] == \
        image_service.endpoint + '/v2/'
    assert resp.headers['x-openstack-request-id'].startswith('req-')
    resp = requests.get(image_service.endpoint + '/v2/images', timeout=5)
    assert resp.status_code == 401
    assert resp.headers['x-openstack-request-id'].startswith('req-')


def test_image_lifecycle(alice, image_service):
    # Alice registers an image, uploads it in chunks, finds and uses it.
    image = alice.create(name='story', disk_format='qcow2', min_ram=64,
                         hw_disk_bus='virtio', os_distro='debian')
    assert image['status'] == 'queued'
    blocks = [os.urandom(1024 * 1024) for _ in range(3)]
    resp = alice.upload(image['id'], iter(blocks))  # chunked encoding
    assert resp.status_code == 204, resp.text
    data = b''.join(blocks)
    shown = alice('GET', '/v2/images/%s' % image['id']).json()
    assert shown['status'] == 'active'
    assert shown['size'] == len(data)
    assert shown['checksum'] == hashlib.md5(data).hexdigest()
    assert shown['os_hash_value'] == hashlib.sha512(data).hexdigest()
    assert os.path.getsize(os.path.join(image_service.store_path,
                                        image['id'])) == len(data)

    listed = alice('GET', '/v2/images', params={'name': 'story'}).json()
    assert [i['id'] for i in listed['images']] == [image['id']]
    listed = alice('GET', '/v2/images', params={'os_distro': 'debian',
                                                'status': 'active'}).json()
    assert [i['id'] for i in listed['images']] == [image['id']]

    resp = alice('PATCH', '/v2/images/%s' % image['id'], json=[
        {'op': 'add', 'path': '/hw_vif_model', 'value': 'virtio'},
        {'op': 'replace', 'path': '/name', 'value': 'story2'}],
        headers={'Content-Type':
                 'application/openstack-images-v2.1-json-patch'})
    assert resp.status_code == 200, resp.text
    assert resp.json()['hw_vif_model'] == 'virtio'

    resp = alice('GET', '/v2/images/%s/file' % image['id'], stream=True)
    assert resp.status_code == 200
    assert resp.headers['Content-MD5'] == shown['checksum']
    assert resp.headers['Content-Length'] == str(len(data))
    assert b''.join(resp.iter_content(65536)) == data

    assert alice.upload(image['id'], b'again').status_code == 409
    assert alice('DELETE', '/v2/images/%s' % image['id']).status_code == 204
    assert not os.path.exists(os.path.join(image_service.store_path,
                                           image['id']))
    assert alice('GET', '/v2/images/%s' % image['id']).status_code == 404


def test_bad_input_is_4xx(alice):
    image = alice.create()
    unknown = '/v2/images/%s' % uuid.uuid4()
    patch_type = {'Content-Type':
                  'application/openstack-images-v2.1-json-patch'}
    for method, path, kwargs, code in [
            ('GET', unknown, {}, 404),
            ('DELETE', unknown, {}, 404),
            ('GET', unknown + '/file', {}, 404),
            ('POST', '/v2/images', {'json': {'disk_format': 'x'}}, 400),
            ('POST', '/v2/images', {'data': b'{', 'headers': {
                'Content-Type': 'application/json'}}, 400),
            ('POST', '/v2/images', {'json': {'k' * 300: 'v'}}, 400),
            ('POST', '/v2/images', {'json': {'k': 'v' * 70000}}, 400),
            ('PATCH', '/v2/images/%s' % image['id'],
             {'data': b'{"op": "add"}', 'headers': patch_type}, 400),
            ('PATCH', '/v2/images/%s' % image['id'],
             {'data': b'[{"op": "add", "path": "/a/b", "value": "x"}]',
              'headers': patch_type}, 400),
            ('PATCH', '/v2/images/%s' % image['id'],
             {'json': [], 'headers': {'Content-Type':
                                      'application/json'}}, 415),
            ('GET', '/v2/images?limit=x', {}, 400),
            ('PUT', '/v2/images', {}, 405)]:
        resp = alice(method, path, **kwargs)
        assert resp.status_code == code, (method, path, resp.text)
        if resp.content:
            assert resp.json()['message']  # Glance's JSON error shape


def test_broken_upload_kills_the_image(alice, image_service):
    image = alice.create(name='broken')
    # Promise 10 MiB, send 1 MiB, hang up.
    with socket.create_connection(('127.0.0.1', image_service.port)) as sock:
        sock.sendall(('PUT /v2/images/%s/file HTTP/1.1\r\n'
                      'Host: 127.0.0.1\r\n'
                      'X-Auth-Token: alice:proj1\r\n'
                      'Content-Type: application/octet-stream\r\n'
                      'Content-Length: %d\r\n\r\n'
                      % (image['id'], 10 * 1024 * 1024)).encode())
        sock.sendall(b'x' * 1024 * 1024)
    killed = _wait_status(alice, image['id'], 'killed')
    assert killed['size'] is None and killed['checksum'] is None
    assert sorted(f for f in os.listdir(image_service.store_path)
                  if f.startswith(image['id'])) == []
    assert alice.upload(image['id'], b'x').status_code == 409
    assert alice('DELETE', '/v2/images/%s' % image['id']).status_code == 204


def test_owners_and_visibility(alice, admin, image_service):
    from tests.functional.image_api.conftest import Client
    bob = Client(image_service.endpoint, 'bob:proj2')
    private = alice.create(name='mine', visibility='private')
    public = admin.create(name='everyone', visibility='public',
                          protected=True)
    assert bob('GET', '/v2/images/%s' % private['id']).status_code == 404
    assert bob('GET', '/v2/images/%s' % public['id']).status_code == 200
    assert bob('DELETE', '/v2/images/%s' % public['id']).status_code == 403
    assert admin('DELETE', '/v2/images/%s' % public['id']).status_code == 403
    names = {i['name'] for i in bob('GET', '/v2/images').json()['images']}
    assert 'mine' not in names and 'everyone' in names
