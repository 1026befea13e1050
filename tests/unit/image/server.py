"""A real image API (or any WSGI app) on a local port, for the tests of
minova.image.glance and of the compute API's image proxy."""

import contextlib
import socketserver
import threading
from wsgiref import simple_server

import minova.conf
from minova.image_api import app as image_app

CONF = minova.conf.CONF


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True


@contextlib.contextmanager
def serve(app):
    server = simple_server.make_server('127.0.0.1', 0, app,
                                       server_class=_ThreadingServer,
                                       handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield 'http://127.0.0.1:%d' % server.server_port
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def image_service(conf, tmp_path):
    """minova-image-api on a port, and [glance] api_servers pointing at
    it; yields its URL."""
    conf.config(store_path=str(tmp_path / 'images'), group='image_api')
    with serve(image_app.build_app(CONF)) as url:
        conf.config(api_servers=[url], timeout=5, group='glance')
        yield url


def make_image(url, data=None, token='alice:proj1', **body):
    import requests
    body.setdefault('disk_format', 'raw')
    body.setdefault('container_format', 'bare')
    headers = {'X-Auth-Token': token}
    image = requests.post(url + '/v2/images', json=body, headers=headers,
                          timeout=5).json()
    if data is not None:
        resp = requests.put(url + '/v2/images/%s/file' % image['id'],
                            data=data, timeout=5, headers=dict(
                                headers,
                                **{'Content-Type':
                                   'application/octet-stream'}))
        assert resp.status_code == 204
    return image
