"""minova.image.glance against a real image API app on a local port, and
against servers that fail in the ways a real network does."""

import hashlib
import os
import socket
import time
import uuid

import pytest

import minova.conf
from minova import context
from minova import exception
from minova.image import glance
from tests.unit.image.server import make_image as _make_image
from tests.unit.image.server import serve

CONF = minova.conf.CONF


def test_show_normalizes(image_service, ctx):
    kernel = str(uuid.uuid4())
    image = _make_image(image_service, b'data', name='cirros', min_ram=64,
                        kernel_id=kernel, hw_disk_bus='virtio')
    shown = glance.API().show(ctx, image['id'])
    assert shown['id'] == image['id']
    assert shown['name'] == 'cirros'
    assert shown['status'] == 'active'
    assert shown['min_ram'] == 64 and shown['min_disk'] == 0
    assert shown['size'] == 4
    assert shown['disk_format'] == 'raw'
    assert shown['container_format'] == 'bare'
    assert shown['properties'] == {'kernel_id': kernel,
                                   'hw_disk_bus': 'virtio'}


def test_show_unknown_or_invisible_is_not_found(image_service, ctx):
    with pytest.raises(exception.ImageNotFound):
        glance.API().show(ctx, str(uuid.uuid4()))
    hidden = _make_image(image_service, token='bob:proj2',
                         visibility='private')
    with pytest.raises(exception.ImageNotFound):
        glance.API().show(ctx, hidden['id'])
    # An admin context (no user, no token) sees it.
    assert glance.API().show(context.get_admin_context(),
                             hidden['id'])['id'] == hidden['id']


def test_list_follows_pages(image_service, ctx):
    ids = {_make_image(image_service, name='img%d' % i)['id']
           for i in range(5)}
    images = glance.API().list(ctx, page_size=2)
    assert {i['id'] for i in images} == ids
    assert len(glance.API().list(ctx, page_size=2, limit=3)) == 3
    named = glance.API().list(ctx, filters={'name': 'img3'})
    assert [i['name'] for i in named] == ['img3']
    with pytest.raises(exception.Invalid):
        glance.API().list(ctx, filters={'sort_key': 'nonsense'})


def test_download(image_service, ctx, tmp_path):
    data = os.urandom(200 * 1024)
    image = _make_image(image_service, data)
    dst = tmp_path / 'out'
    assert glance.API().download(ctx, image['id'], str(dst)) == len(data)
    assert dst.read_bytes() == data
    assert os.listdir(tmp_path).count('out.part') == 0


def test_download_errors(image_service, ctx, tmp_path):
    dst = str(tmp_path / 'out')
    with pytest.raises(exception.ImageNotFound):
        glance.API().download(ctx, str(uuid.uuid4()), dst)
    queued = _make_image(image_service)
    with pytest.raises(exception.ImageNotActive):
        glance.API().download(ctx, queued['id'], dst)
    assert not os.path.exists(dst)


def _app(status, body, content_type='application/json', headers=()):
    def app(environ, start_response):
        start_response(status, [('Content-Type', content_type)] +
                       list(headers))
        return [body]
    return app


def test_server_errors_become_service_unavailable(conf, ctx):
    with serve(_app('500 Internal Server Error', b'{}')) as url:
        conf.config(api_servers=[url], num_retries=2, group='glance')
        with pytest.raises(exception.ImageServiceUnavailable) as error:
            glance.API().show(ctx, 'x')
    assert error.value.code == 503


def test_retries_the_next_server(conf, ctx, image_service):
    good = image_service
    image = _make_image(good)
    with serve(_app('503 Service Unavailable', b'down',
                    'text/plain')) as bad:
        conf.config(api_servers=[bad, good], num_retries=1, group='glance')
        for _ in range(4):  # whichever server the shuffle picks first
            assert glance.API().show(ctx, image['id'])['id'] == image['id']


def test_nobody_listening_fails_fast(conf, ctx):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    conf.config(api_servers=['http://127.0.0.1:%d' % port], num_retries=1,
                group='glance')
    with pytest.raises(exception.ImageServiceUnavailable):
        glance.API().show(ctx, 'x')


def test_a_hung_server_times_out(conf, ctx):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        sock.listen(5)  # accepts connections, never answers
        conf.config(api_servers=['http://127.0.0.1:%d' %
                                 sock.getsockname()[1]],
                    timeout=0.5, num_retries=1, group='glance')
        start = time.monotonic()
        with pytest.raises(exception.ImageServiceUnavailable):
            glance.API().show(ctx, 'x')
        assert time.monotonic() - start < 5


def test_non_json_answer(conf, ctx):
    with serve(_app('200 OK', b'<html>hello</html>', 'text/html')) as url:
        conf.config(api_servers=[url], group='glance')
        with pytest.raises(exception.ImageServiceUnavailable):
            glance.API().show(ctx, 'x')


def test_error_messages_from_glance_bodies(conf, ctx):
    html = (b'<html><body><h1>400 Bad Request</h1>Invalid sort key'
            b'<br /><br /></body></html>')
    with serve(_app('400 Bad Request', html, 'text/html')) as url:
        conf.config(api_servers=[url], group='glance')
        with pytest.raises(exception.Invalid) as error:
            glance.API().list(ctx)
    assert 'Invalid sort key' in str(error.value)
    body = b'{"code": "409 Conflict", "title": "Conflict", "message": "no"}'
    with serve(_app('409 Conflict', body)) as url:
        conf.config(api_servers=[url], group='glance')
        with pytest.raises(exception.Conflict) as error:
            glance.API().list(ctx)
    assert 'no' in str(error.value)


def test_checksum_mismatch_leaves_no_file(conf, ctx, tmp_path):
    app = _app('200 OK', b'data', 'application/octet-stream',
               [('Content-MD5', hashlib.md5(b'other').hexdigest())])
    with serve(app) as url:
        conf.config(api_servers=[url], group='glance')
        with pytest.raises(exception.ImageServiceUnavailable):
            glance.API().download(ctx, 'x', str(tmp_path / 'out'))
    assert os.listdir(tmp_path) == []


def test_keystone_token_is_passed_on(conf):
    seen = {}

    def app(environ, start_response):
        seen.update(token=environ.get('HTTP_X_AUTH_TOKEN'),
                    request_id=environ.get('HTTP_X_OPENSTACK_REQUEST_ID'))
        start_response('200 OK', [('Content-Type', 'application/json')])
        return [b'{"id": "x", "status": "active"}']

    ctx = context.RequestContext(user_id='u', project_id='p',
                                 auth_token='secret-token')
    with serve(app) as url:
        conf.config(api_servers=[url + '/v2'], group='glance')
        glance.API().show(ctx, 'x')
    assert seen['token'] == 'secret-token'
    assert seen['request_id'] == ctx.global_id
