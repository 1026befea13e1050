"""HTTP to minova-api and minova-image-api, sent as the real clients send it.

The token and the endpoints come from ``--os-*`` options or the ``OS_*``
environment variables that python-openstackclient and python-novaclient
read. Every failure becomes a ``ClientError`` whose text is one line a
user can act on.
"""

import json

import requests

# The newest compute microversion this client knows how to talk.
CLIENT_MAX_VERSION = '2.38'

_ERROR_NAMES = {400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden',
                404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
                413: 'OverLimit', 500: 'InternalServerError',
                501: 'NotImplemented', 503: 'ServiceUnavailable'}


class ClientError(Exception):
    """An error to show as one line, then exit non-zero."""


class HTTPError(ClientError):
    def __init__(self, status, message, request_id=None):
        self.status = status
        text = 'ERROR (%s): %s (HTTP %d)' % (
            _ERROR_NAMES.get(status, 'ClientException'), message, status)
        if request_id:
            text += ' (Request-ID: %s)' % request_id
        super().__init__(text)


def _error_message(resp):
    """Nova's ``{"itemNotFound": {"message": ...}}``, Glance's
    ``{"message": ...}``, or the first line of whatever came back."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        if isinstance(body.get('message'), str):
            return body['message']
        for value in body.values():
            if isinstance(value, dict) and 'message' in value:
                return value['message']
    text = (resp.text or resp.reason or '').strip()
    return text.splitlines()[0] if text else 'no details'


def version_tuple(version):
    major, minor = version.split('.')
    return int(major), int(minor)


class HTTPClient:
    """One service's endpoint plus the token; JSON in, JSON out."""

    def __init__(self, endpoint, token, headers=None, timeout=60,
                 session=None):
        self.endpoint = endpoint.rstrip('/')
        self.token = token
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.session = session or requests.Session()

    def request(self, method, path, body=None, data=None, headers=None,
                authenticated=True, url=None, params=None):
        url = url or self.endpoint + path
        hdrs = {'Accept': 'application/json', 'User-Agent': 'minova-cli'}
        if authenticated:
            if not self.token:
                raise ClientError('ERROR: no token: set OS_TOKEN or pass '
                                  '--os-token (with noauth2: user:project)')
            hdrs['X-Auth-Token'] = self.token
        hdrs.update(self.headers)
        if body is not None:
            hdrs['Content-Type'] = 'application/json'
            data = json.dumps(body)
        hdrs.update(headers or {})
        try:
            resp = self.session.request(method, url, data=data, headers=hdrs,
                                        params=params, timeout=self.timeout)
        except requests.ConnectionError:
            raise ClientError('ERROR: unable to connect to %s: is the '
                              'service running?' % self.endpoint)
        except requests.Timeout:
            raise ClientError('ERROR: %s %s timed out after %ss'
                              % (method, url, self.timeout))
        if resp.status_code >= 400:
            raise HTTPError(resp.status_code, _error_message(resp),
                            resp.headers.get('x-openstack-request-id'))
        return resp

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs).json()

    def post(self, path, body=None, **kwargs):
        resp = self.request('POST', path, body=body, **kwargs)
        return resp.json() if resp.content else None

    def put(self, path, body=None, **kwargs):
        resp = self.request('PUT', path, body=body, **kwargs)
        return resp.json() if resp.content else None

    def delete(self, path, **kwargs):
        self.request('DELETE', path, **kwargs)


class ComputeClient(HTTPClient):
    """minova-api at ``.../v2.1``; negotiates the microversion once, as
    novaclient does for ``2.latest``: the newest both sides know."""

    def __init__(self, endpoint, token, api_version=None, **kwargs):
        super().__init__(endpoint, token, **kwargs)
        self._requested_version = api_version
        self._version = None

    @property
    def api_version(self):
        if self._version is None:
            self._version = self._negotiate(self._requested_version)
            self.headers['OpenStack-API-Version'] = \
                'compute %s' % self._version
            self.headers['X-OpenStack-Nova-API-Version'] = self._version
        return self._version

    def _negotiate(self, requested):
        if requested and requested not in ('latest', '2.latest'):
            return requested
        doc = self.get('/', authenticated=False).get('version', {})
        server_max = doc.get('version') or '2.1'
        return min(server_max, CLIENT_MAX_VERSION, key=version_tuple)

    def version_headers(self, newest):
        """Headers asking for the negotiated version, at most ``newest``
        (for APIs that a later microversion removed)."""
        version = min(self.api_version, newest, key=version_tuple)
        return {'OpenStack-API-Version': 'compute %s' % version,
                'X-OpenStack-Nova-API-Version': version}

    def supports(self, version):
        return version_tuple(self.api_version) >= version_tuple(version)

    def request(self, method, path, **kwargs):
        if path != '/' or kwargs.get('authenticated', True):
            self.api_version  # noqa: B018 - sets the version headers
        return super().request(method, path, **kwargs)


class ImageClient(HTTPClient):
    """minova-image-api (an Image API v2 subset) at its root URL."""

    def list_all(self, path):
        """Every page of a listing, following Glance's ``next`` links."""
        items, url = [], self.endpoint + path
        while url:
            page = self.request('GET', '', url=url).json()
            items.extend(page['images'])
            url = self.endpoint + page['next'] if page.get('next') else None
        return items
