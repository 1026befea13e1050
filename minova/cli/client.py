"""HTTP to minova-api and minova-image-api through one keystoneauth1
session, sent as the real clients send it.

The session and where each service is come from ``minova.cli.auth``.
Every failure becomes a ``ClientError`` whose text is one line a user can
act on.
"""

import contextlib
import re

from keystoneauth1 import exceptions as ks_exceptions

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


@contextlib.contextmanager
def _login_errors(session):
    """keystoneauth1's failures while logging in, as one line each."""
    try:
        yield
    except ks_exceptions.HttpError as error:
        # Its message may already end in "(HTTP 401)".
        message = re.sub(r' \(HTTP \d+\)$', '', error.message)
        raise HTTPError(error.http_status, message, error.request_id)
    except (ks_exceptions.ConnectFailure, ks_exceptions.ConnectTimeout):
        raise ClientError('ERROR: unable to connect to %s: is keystone '
                          'running?' % getattr(session.auth, 'auth_url', '?'))
    except ks_exceptions.ClientException as error:
        raise ClientError('ERROR: authentication failed: %s' % error)


class HTTPClient:
    """One service of the cloud; JSON in, JSON out."""

    def __init__(self, cloud, name):
        self.cloud = cloud
        self.service = cloud.services[name]
        self.name = name
        self._endpoint = None

    @property
    def endpoint(self):
        """The service's URL: the override, else the catalog's entry (a
        token + endpoint login has no catalog: only its one endpoint)."""
        if self._endpoint is None:
            self._endpoint = self._find_endpoint().rstrip('/')
        return self._endpoint

    def _find_endpoint(self):
        service = self.service
        if service.endpoint_override:
            return service.endpoint_override
        if not self.cloud.catalog and self.name != 'compute':
            raise ClientError(
                'ERROR: no %s endpoint: without keystone there is no '
                'service catalog; set OS_%s_ENDPOINT_OVERRIDE or pass '
                '--os-%s-endpoint' % (self.name, self.name.upper(),
                                      self.name))
        with _login_errors(self.cloud.session):
            try:
                url = self.cloud.session.get_endpoint(**service.filter())
            except ks_exceptions.EndpointNotFound:
                url = None
        if not url:
            raise ClientError(
                'ERROR: the service catalog has no %s endpoint (interface '
                '%s, region %s)' % (service.service_type, service.interface,
                                    service.region_name or 'any'))
        return url

    def request(self, method, path, body=None, data=None, headers=None,
                authenticated=True, url=None, params=None, **kwargs):
        """``kwargs``: more of keystoneauth1's ``Session.request``."""
        url = url or self.endpoint + path
        session = self.cloud.session
        if authenticated:
            with _login_errors(session):
                session.get_auth_headers()   # logs in once, then cached
        hdrs = {'Accept': 'application/json'}
        hdrs.update(headers or {})
        try:
            resp = session.request(
                url, method, json=body, data=data, headers=hdrs,
                params=params, authenticated=authenticated, raise_exc=False,
                **kwargs)
        except ks_exceptions.ConnectTimeout:
            raise ClientError('ERROR: %s %s timed out after %ss'
                              % (method, url, session.timeout))
        except ks_exceptions.ConnectionError:
            raise ClientError('ERROR: unable to connect to %s: is the '
                              'service running?' % self.endpoint)
        if resp.status_code >= 400:
            raise HTTPError(resp.status_code, _error_message(resp),
                            resp.headers.get('x-openstack-request-id') or
                            resp.headers.get('x-compute-request-id'))
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

    def __init__(self, cloud, api_version=None):
        super().__init__(cloud, 'compute')
        self._requested_version = api_version
        self._version = None

    @property
    def api_version(self):
        if self._version is None:
            self._version = self._negotiate(self._requested_version)
        return self._version

    def _negotiate(self, requested):
        if requested and requested not in ('latest', '2.latest'):
            return requested
        doc = self.get('/', authenticated=False).get('version', {})
        server_max = doc.get('version') or '2.1'
        return min(server_max, CLIENT_MAX_VERSION, key=version_tuple)

    def capped(self, newest):
        """The negotiated version, at most ``newest`` (for APIs that a
        later microversion removed)."""
        return min(self.api_version, newest, key=version_tuple)

    def supports(self, version):
        return version_tuple(self.api_version) >= version_tuple(version)

    def request(self, method, path, **kwargs):
        if path != '/' or kwargs.get('authenticated', True):
            # keystoneauth1 sends both of Nova's version headers.
            kwargs.setdefault('microversion', self.api_version)
            kwargs['microversion_service_type'] = 'compute'
        return super().request(method, path, **kwargs)


class ImageClient(HTTPClient):
    """minova-image-api (an Image API v2 subset) at its root URL."""

    def __init__(self, cloud):
        super().__init__(cloud, 'image')

    def list_all(self, path):
        """Every page of a listing, following Glance's ``next`` links."""
        items, url = [], self.endpoint + path
        while url:
            page = self.request('GET', '', url=url).json()
            items.extend(page['images'])
            url = self.endpoint + page['next'] if page.get('next') else None
        return items
