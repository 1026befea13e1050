"""A stubbed HTTP layer for the minova CLI: canned answers by method and
URL, and a record of every request."""

import io
import json
import logging
import urllib.parse

import requests

from minova.cli import main

COMPUTE = 'http://compute.test/v2.1'
IMAGE = 'http://image.test'


def response(status, body=None, headers=None, url=None):
    """A real ``requests.Response``, as keystoneauth1 gets from requests."""
    resp = requests.Response()
    resp.status_code = status
    resp.headers = requests.structures.CaseInsensitiveDict(headers or {})
    resp.reason = 'reason'
    resp.url = url
    if body is None:
        resp._content = b''
    elif isinstance(body, (dict, list)):
        resp._content = json.dumps(body).encode()
        resp.headers.setdefault('Content-Type', 'application/json')
    else:
        resp._content = body.encode()
    return resp


class FakeSession:
    """A ``requests.Session`` for keystoneauth1 to send through.

    ``routes[(method, url)]``: a (status, body[, headers]) or a list of
    them, one per call (the last one repeats); urls without the query
    string."""

    def __init__(self, routes=None, max_version='2.38'):
        self.routes = {('GET', COMPUTE + '/'): (200, {'version': {
            'id': 'v2.1', 'version': max_version, 'min_version': '2.1'}})}
        self.routes.update(routes or {})
        self.requests = []

    def request(self, method, url, data=None, headers=None, params=None,
                **kwargs):
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
        resp = response(*answer, url=url)
        resp.request = requests.Request(method, url).prepare()
        return resp

    def sent(self, method, url):
        return [r for r in self.requests
                if r['method'] == method and r['url'] == url]


NOAUTH = ('--os-token', 'demo:demo', '--os-compute-endpoint', COMPUTE,
          '--os-image-endpoint', IMAGE)


def run(session, *argv, auth=NOAUTH):
    """(exit code, stdout, stderr) of ``minova auth argv`` against
    ``session`` (None: real HTTP)."""
    out, err = io.StringIO(), io.StringIO()
    args = list(auth) + list(argv)
    shell = main.MinovaShell(args, session=session, stdout=out, stderr=err)
    # cliff configures the root logger for its console, --debug the
    # keystoneauth one: give them back.
    saved = [(logger, list(logger.handlers), logger.level, logger.propagate)
             for logger in (logging.getLogger(),
                            logging.getLogger('keystoneauth'))]
    try:
        code = shell.run(args)
    finally:
        for logger, handlers, level, propagate in saved:
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
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
