"""A small cloud on 127.0.0.1 for the CLI's keystone path: identity v3
(version document and ``POST /v3/auth/tokens`` with a service catalog built
by keystoneauth1's fixtures), and compute and image endpoints that answer
a flavor and an image listing. Every request is recorded, with the path
telling which catalog entry the client picked."""

import http.server
import json
import threading

from keystoneauth1 import fixture

PASSWORD = 'secret'
USER_TOKEN = 'tok-in'   # a keystone token the token plugin may exchange
# (region, interface) of every catalog entry; the path of each says which.
ENTRIES = (('RegionOne', 'public'), ('RegionOne', 'internal'),
           ('RegionOne', 'admin'), ('RegionTwo', 'public'))


class Keystone:
    def __init__(self, services=('compute', 'image')):
        self.services = services
        self.requests = []
        self.issued = 0
        self.server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', 0), _handler(self))
        self.url = 'http://127.0.0.1:%d' % self.server.server_port
        self.auth_url = self.url + '/v3'
        self._thread = threading.Thread(target=self.server.serve_forever,
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def endpoint(self, service, region='RegionOne', interface='public'):
        path = {'compute': '/compute/v2.1', 'image': '/image'}[service]
        return '%s/%s-%s%s' % (self.url, region, interface, path)

    def sent(self, path_suffix):
        return [r for r in self.requests if r['path'].endswith(path_suffix)]

    def catalog_token(self, methods):
        token = fixture.V3Token(methods=methods, user_name='demo',
                                user_domain_id='default',
                                project_name='demo',
                                project_domain_id='default')
        for service in self.services:
            entry = token.add_service(service)
            for region, interface in ENTRIES:
                entry.add_endpoint(interface, self.endpoint(
                    service, region, interface), region=region)
        return token

    def answer(self, method, path, headers, body):
        """(status, headers, body) for one request."""
        if path == '/v3' and method == 'GET':
            return 200, {}, {'version': fixture.V3Discovery(self.auth_url)}
        if path == '/v3/auth/tokens' and method == 'POST':
            return self._authenticate(body['auth']['identity'])
        if path.endswith('/compute/v2.1/'):
            return 200, {}, {'version': {'id': 'v2.1', 'version': '2.38',
                                         'min_version': '2.1'}}
        if not self._valid(headers.get('X-Auth-Token')):
            return 401, {}, {'error': {'code': 401, 'message': 'bad token'}}
        if path.endswith('/compute/v2.1/flavors/detail'):
            return 200, {}, {'flavors': [{'id': '42', 'name': 'm1.nano'}]}
        if path.endswith('/image/v2/images'):
            return 200, {}, {'images': [{'id': 'i1', 'name': 'minova-test',
                                         'status': 'active'}]}
        return 404, {}, {'itemNotFound': {'code': 404, 'message': path}}

    def _authenticate(self, identity):
        methods = identity['methods']
        if methods == ['password']:
            ok = identity['password']['user'].get('password') == PASSWORD
        else:
            ok = identity.get('token', {}).get('id') == USER_TOKEN
        if not ok:
            return 401, {}, {'error': {
                'code': 401, 'title': 'Unauthorized',
                'message': 'The request you have made requires '
                           'authentication.'}}
        self.issued += 1
        return 201, {'X-Subject-Token': 'tok-%d' % self.issued}, \
            self.catalog_token(methods)

    def _valid(self, token):
        return token in ['tok-%d' % n for n in range(1, self.issued + 1)]


def _handler(cloud):
    class Handler(http.server.BaseHTTPRequestHandler):
        def _serve(self):
            path = self.path.split('?')[0]
            length = int(self.headers.get('Content-Length') or 0)
            raw = self.rfile.read(length) if length else b''
            body = json.loads(raw) if raw else None
            cloud.requests.append({'method': self.command, 'path': path,
                                   'headers': dict(self.headers),
                                   'body': body})
            status, headers, answer = cloud.answer(self.command, path,
                                                   self.headers, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _serve

        def log_message(self, *args):
            pass
    return Handler
