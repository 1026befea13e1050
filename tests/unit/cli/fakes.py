"""A stubbed HTTP layer for the minova CLI: canned answers by method and
URL, and a record of every request."""

import io
import json
import logging
import urllib.parse

from minova.cli import main

COMPUTE = 'http://compute.test/v2.1'
IMAGE = 'http://image.test'


class FakeResponse:
    def __init__(self, status, body=None, headers=None):
        self.status_code = status
        self.headers = headers or {}
        self.reason = 'reason'
        if body is None:
            self.content = b''
        elif isinstance(body, (dict, list)):
            self.content = json.dumps(body).encode()
        else:
            self.content = body.encode()
        self.text = self.content.decode()

    def json(self):
        return json.loads(self.content)


class FakeSession:
    """``routes[(method, url)]``: a (status, body) or a list of them, one
    per call (the last one repeats); urls without the query string."""

    def __init__(self, routes=None, max_version='2.38'):
        self.routes = {('GET', COMPUTE + '/'): (200, {'version': {
            'id': 'v2.1', 'version': max_version, 'min_version': '2.1'}})}
        self.routes.update(routes or {})
        self.requests = []

    def request(self, method, url, data=None, headers=None, params=None,
                timeout=None):
        parsed = urllib.parse.urlsplit(url)
        base = urllib.parse.urlunsplit(parsed._replace(query=''))
        query = dict(urllib.parse.parse_qsl(parsed.query))
        query.update({k: str(v) for k, v in (params or {}).items()})
        if hasattr(data, 'read'):
            body = b''
            while True:
                chunk = data.read(8192)
                if not chunk:
                    break
                body += chunk
        else:
            body = data
        self.requests.append({'method': method, 'url': base, 'query': query,
                              'headers': headers, 'data': data,
                              'body': body})
        answer = self.routes.get((method, base), (404, {'itemNotFound': {
            'code': 404, 'message': 'not found: %s' % base}}))
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        return FakeResponse(*answer)

    def sent(self, method, url):
        return [r for r in self.requests
                if r['method'] == method and r['url'] == url]


def run(session, *argv):
    """(exit code, stdout, stderr) of ``minova argv`` against ``session``."""
    out, err = io.StringIO(), io.StringIO()
    shell = main.MinovaShell(session=session, stdout=out, stderr=err)
    args = ['--os-token', 'demo:demo', '--os-compute-endpoint', COMPUTE,
            '--os-image-endpoint', IMAGE] + list(argv)
    # cliff configures the root logger for its console; give it back.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        code = shell.run(args)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return code, out.getvalue(), err.getvalue()


def server(name='vm1', status='ACTIVE', task=None, server_id='s1', **extra):
    body = {'id': server_id, 'name': name, 'status': status,
            'OS-EXT-STS:task_state': task, 'OS-EXT-STS:power_state': 1,
            'tenant_id': 'demo',
            'addresses': {'private': [{'addr': '10.0.0.3', 'version': 4}]},
            'flavor': {'id': '42'}, 'image': {'id': 'img1'},
            'links': []}
    body.update(extra)
    return body
