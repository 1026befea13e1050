"""Bad input through the whole compute pipeline: always a 4xx in Nova's
shape, never a 500 (issue 14)."""

import pytest

from tests.unit.api import fakes
from tests.unit.image_api import conftest as image_conftest


@pytest.fixture
def glance(db, conf, tmp_path):
    """The image API app in process (as tests/unit/image_api has it)."""
    from minova.image_api import app as image_app
    conf.config(store_path=str(tmp_path / 'images'), group='image_api')
    return image_conftest.ImageClient(image_app.build_app(conf.conf))


def _assert_nova_fault(resp, code):
    assert resp.status_int == code, resp.text
    assert resp.content_type == 'application/json'
    body = resp.json
    assert len(body) == 1
    fault = next(iter(body.values()))
    assert fault['code'] == code
    assert isinstance(fault['message'], str) and fault['message']
    assert '%s' not in fault['message']
    return fault['message']


@pytest.mark.parametrize('path', [
    '/v2.1/servers?name=%ff', '/v2.1/servers/detail?name=%ff',
    '/v2.1/flavors?minRam=%ff', '/v2.1/os-keypairs?x=%c3%28',
    '/v2/servers?name=%ff', '/v2.1/servers?%ff=1'])
def test_invalid_utf8_query_is_400(api, path):
    resp = api.get(path)
    _assert_nova_fault(resp, 400)
    assert list(resp.json) == ['badRequest']


def _raw_path_request(app, path, query=''):
    """PATH_INFO as a WSGI server hands it over: the bytes as latin-1."""
    import webob
    req = webob.Request.blank('/')
    req.environ['PATH_INFO'] = path.decode('latin-1')
    req.environ['QUERY_STRING'] = query
    req.headers['X-Auth-Token'] = 'alice:proj1'
    req.headers['Accept'] = 'application/json'
    return req.get_response(app)


@pytest.mark.parametrize('path', [b'/v2.1/\x80', b'/v2.1/servers/\xff',
                                  b'/v2.1/os-keypairs/\xb8U\xbd',
                                  b'/v2/servers/x/metadata/\xff'])
def test_invalid_utf8_path_is_400(api, path):
    resp = _raw_path_request(api.app, path)
    message = _assert_nova_fault(resp, 400)
    assert list(resp.json) == ['badRequest']
    assert 'UTF-8' in message


@pytest.mark.parametrize('query', ['limit=', 'limit=x', 'offset=-1',
                                   'limit=-5'])
def test_security_group_bad_paging_is_400(api, query):
    resp = api.get('/v2.1/os-security-groups?' + query)
    _assert_nova_fault(resp, 400)


def test_deeply_nested_json_is_400(api, conf):
    # 200 kB: over the default body limit, which would answer 413 first.
    conf.config(max_request_body_size=1024 * 1024, group='oslo_middleware')
    body = b'[' * 100000 + b']' * 100000
    resp = api.post('/v2.1/servers', body)
    message = _assert_nova_fault(resp, 400)
    assert 'nested too deeply' in message


def test_deeply_nested_json_under_the_body_limit_is_400(api):
    resp = api.post('/v2.1/servers', b'{"server": ' + b'[' * 50000 +
                    b']' * 50000 + b'}')
    _assert_nova_fault(resp, 400)
    assert list(resp.json) == ['badRequest']


def test_invalid_utf8_json_body_is_400(api):
    resp = api.post('/v2.1/servers', b'{"server": {"name": "\xff"}}')
    _assert_nova_fault(resp, 400)


@pytest.mark.parametrize('name', ['\ud800', 'a\udfffb'])
def test_lone_surrogate_name_is_400_and_no_row(api, name):
    body = ('{"server": {"name": "%s", "imageRef": "x", "flavorRef": "1"}}'
            % name.encode('unicode_escape').decode().replace('\\u', '\\u'))
    resp = api.post('/v2.1/servers', body.encode())
    _assert_nova_fault(resp, 400)
    resp = api.get('/v2.1/servers', token=fakes.ADMIN)
    assert resp.json['servers'] == []


@pytest.mark.parametrize('body', [
    b'{"server": {"flavorRef": "\\ud800", "name": "fuzz", "imageRef": "x"}}',
    b'{"server": {"flavorRef": "1", "name": "x", "imageRef": "x", '
    b'"metadata": {"k\\uDFFF": "v"}}}',
])
def test_a_lone_surrogate_anywhere_in_a_body_is_400_and_no_row(api, body):
    resp = api.post('/v2.1/servers', body)
    _assert_nova_fault(resp, 400)
    assert 'not valid Unicode' in resp.json['badRequest']['message']
    resp = api.get('/v2.1/servers', token=fakes.ADMIN)
    assert resp.json['servers'] == []


def test_lone_surrogate_keypair_is_400(api):
    resp = api.post('/v2.1/os-keypairs',
                    b'{"keypair": {"name": "k\\ud800"}}')
    _assert_nova_fault(resp, 400)


@pytest.mark.parametrize('body', [
    {'server': {'name': 1, 'imageRef': 2, 'flavorRef': 3}},
    {'server': {'name': ['x'], 'imageRef': {}, 'flavorRef': None}},
    {'server': {'name': 'x', 'imageRef': 'y', 'flavorRef': '1',
                'metadata': {'a': 1}}},
    {'server': {'name': 'x', 'imageRef': 'y', 'flavorRef': '1',
                'metadata': []}},
    {'server': 'x'}, [1], 'x', 1,
])
def test_legacy_v2_non_string_values_are_4xx(api, body):
    resp = api.post('/v2/servers', body)
    assert 400 <= resp.status_int < 500, resp.text
    _assert_nova_fault(resp, resp.status_int)


def test_too_large_body_is_413_overlimit(api, conf):
    conf.config(max_request_body_size=1024, group='oslo_middleware')
    from minova.api import app
    client = type(api)(app.load_app())
    resp = client.post('/v2.1/servers', b'{"a": "' + b'x' * 4096 + b'"}')
    message = _assert_nova_fault(resp, 413)
    assert list(resp.json) == ['overLimit']
    assert '1024' in message


def test_too_large_body_for_a_json_client_is_413_overlimit(api, conf):
    """webob renders its own errors as JSON for a JSON-accepting client:
    still Nova's shape."""
    conf.config(max_request_body_size=1024, group='oslo_middleware')
    for path in ('/v2.1/servers', '/v2/servers'):
        resp = api.post(path, b'{"a": "' + b'x' * 4096 + b'"}',
                        headers={'Accept': 'application/json'})
        message = _assert_nova_fault(resp, 413)
        assert list(resp.json) == ['overLimit']
        assert '1024' in message and '<br' not in message


def test_too_large_chunked_body_is_413_overlimit(api, conf):
    """Without a Content-Length the limit is met while reading."""
    import io
    import webob
    conf.config(max_request_body_size=1024, group='oslo_middleware')
    req = webob.Request.blank('/v2.1/servers', method='POST')
    req.headers['X-Auth-Token'] = 'alice:proj1'
    req.content_type = 'application/json'
    req.body_file = io.BytesIO(b'{"a": "' + b'x' * 4096 + b'"}')
    req.content_length = None
    req.is_body_seekable = False
    resp = req.get_response(api.app)
    message = _assert_nova_fault(resp, 413)
    assert list(resp.json) == ['overLimit']
    assert '1024' in message


def test_too_long_uri_is_414_in_nova_shape(api):
    resp = api.get('/v2.1/servers?name=' + 'x' * 70000)
    assert resp.status_int in (400, 414)
    _assert_nova_fault(resp, resp.status_int)


# The image API: Glance's error shape.

def _assert_glance_fault(resp, code):
    assert resp.status_int == code, resp.text
    assert resp.content_type == 'application/json'
    body = resp.json
    assert body['code'].startswith('%d ' % code)
    assert isinstance(body['message'], str) and body['message']
    assert isinstance(body['title'], str)
    return body['message']


def test_glance_deeply_nested_json_is_400(glance):
    resp = glance.post('/v2/images', b'[' * 100000 + b']' * 100000,
                       content_type='application/json')
    message = _assert_glance_fault(resp, 400)
    assert 'nested too deeply' in message
    assert glance.get('/v2/images').json['images'] == []


def test_glance_nested_json_patch_is_400(glance):
    image = glance.create()
    resp = glance.request(
        'PATCH', '/v2/images/%s' % image['id'],
        body=b'[' * 100000 + b']' * 100000,
        content_type='application/openstack-images-v2.1-json-patch')
    _assert_glance_fault(resp, 400)


def test_glance_too_long_uri_is_414(glance):
    resp = glance.get('/v2/images?name=' + 'x' * 70000)
    _assert_glance_fault(resp, 414)


# What eventlet itself refuses (before the pipeline) has the API's shape
# too: a real server on a free port, in a process of its own (an eventlet
# hub left behind in the test process stops later tests' threads from
# serving), and a plain client socket.
_SERVE = """
import sys
import webob
from minova.api.openstack import faults
from minova.wsgi import server as wsgi_server
server = wsgi_server.Server('test', webob.Response(), '127.0.0.1', 0,
                            error_response=faults.error_response)
print(server.port, flush=True)
server.start()
server.wait()
"""


def _raw_exchange(port, request):
    import socket
    with socket.create_connection(('127.0.0.1', port), timeout=10) as sock:
        sock.sendall(request)
        data = b''
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b'\r\n\r\n')
    return int(head.split(b' ')[1]), head.decode('latin-1'), body


@pytest.fixture(scope='module')
def nova_server():
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, '-c', _SERVE],
                            stdout=subprocess.PIPE, text=True)
    try:
        yield int(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize('request_bytes, code', [
    (b'GET /v2.1/servers?name=' + b'x' * 70000 + b' HTTP/1.1\r\n'
     b'Host: x\r\n\r\n', 414),
    (b'GET /v2.1/servers HTTP/1.1\r\nX-Long: ' + b'x' * 20000 +
     b'\r\nHost: x\r\n\r\n', 400),
    (b'GET /v2.1/servers HTTP/9.9x\r\nHost: x\r\n\r\n', 400),
])
def test_eventlet_refusals_are_nova_shaped(nova_server, request_bytes,
                                           code):
    import json
    status, head, body = _raw_exchange(nova_server, request_bytes)
    assert status == code, head
    assert 'application/json' in head
    fault = json.loads(body)
    assert len(fault) == 1
    inner = next(iter(fault.values()))
    assert inner['code'] == code and inner['message']


def test_glance_invalid_utf8_path_is_400(glance):
    resp = _raw_path_request(glance.app, b'/v2/images/\x80')
    message = _assert_glance_fault(resp, 400)
    assert 'UTF-8' in message
