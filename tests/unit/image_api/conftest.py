"""The image API app in process, on the unit tests' SQLite database."""

import io
import json

import pytest
import webob

import minova.conf
from minova.image_api import app as image_app
from tests.unit.conftest import APIClient

CONF = minova.conf.CONF


class ImageClient(APIClient):
    """Sends requests through the whole middleware pipeline, in process;
    get/post/delete as the compute API's client."""

    def request(self, method, path, body=None, token='alice:proj1',
                content_type=None, headers=None):
        req = webob.Request.blank(path, method=method)
        req.headers['Accept'] = 'application/json'
        if token:
            req.headers['X-Auth-Token'] = token
        if body is not None:
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
                content_type = content_type or 'application/json'
            req.body = body
            req.content_type = content_type or 'application/octet-stream'
        for key, value in (headers or {}).items():
            req.headers[key] = value
        return req.get_response(self.app)

    def patch(self, path, ops, **kwargs):
        kwargs.setdefault('content_type',
                          'application/openstack-images-v2.1-json-patch')
        return self.request('PATCH', path, body=json.dumps(ops).encode(),
                            **kwargs)

    def upload(self, image_id, data, **kwargs):
        return self.request('PUT', '/v2/images/%s/file' % image_id,
                            body=data, **kwargs)

    def create(self, token='alice:proj1', **body):
        body.setdefault('name', 'img')
        body.setdefault('disk_format', 'raw')
        body.setdefault('container_format', 'bare')
        resp = self.post('/v2/images', body, token=token)
        assert resp.status_int == 201, resp.text
        return resp.json


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / 'images'


@pytest.fixture
def image_api(db, conf, store_path):
    conf.config(store_path=str(store_path), group='image_api')
    return ImageClient(image_app.build_app(CONF))


class BrokenInput(io.RawIOBase):
    """A request body whose connection drops after ``good`` bytes."""

    def __init__(self, good):
        self._left = good

    def readable(self):
        return True

    def read(self, size=-1):
        if self._left <= 0:
            raise IOError('connection reset by peer')
        size = self._left if size < 0 else min(size, self._left)
        self._left -= size
        return b'x' * size
