"""Version discovery: ``GET /`` lists the APIs, ``GET /v2.1`` shows one.

Served outside the auth middleware: clients read these before they have
a token.
"""

from oslo_serialization import jsonutils
import webob
import webob.dec

from minova.api.openstack import api_version_request as api_version

_MEDIA_TYPES = [{'base': 'application/json',
                 'type': 'application/vnd.openstack.compute+json;version=2.1'}]

VERSIONS = {
    'v2.0': {'id': 'v2.0', 'status': 'SUPPORTED', 'version': '',
             'min_version': '', 'updated': '2011-01-21T11:33:21Z'},
    'v2.1': {'id': 'v2.1', 'status': 'CURRENT',
             'version': api_version.MAX_API_VERSION,
             'min_version': api_version.MIN_API_VERSION,
             'updated': '2013-07-23T11:33:21Z'},
}

_PATHS = {'v2.0': 'v2', 'v2.1': 'v2.1'}


def _host_url(req):
    return req.host_url.rstrip('/')


def _version(req, version_id, detail=False):
    doc = dict(VERSIONS[version_id])
    base = '%s/%s/' % (_host_url(req), _PATHS[version_id])
    doc['links'] = [{'rel': 'self', 'href': base}]
    if detail:
        doc['links'].append({
            'rel': 'describedby', 'type': 'text/html',
            'href': 'https://docs.openstack.org/'})
        doc['media-types'] = _MEDIA_TYPES
    return doc


def _json(body, status=200):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(body)
    return resp


@webob.dec.wsgify
def versions_app(req):
    """GET / : every API version."""
    return _json({'versions': [_version(req, v) for v in sorted(VERSIONS)]})


def versions_factory(global_config, **local_config):
    return versions_app


class VersionDocument:
    """``GET /v2.1`` and ``GET /v2.1/`` answered before auth; anything
    longer goes on to the API pipeline."""

    def __init__(self, application, version_id):
        self.application = application
        self.version_id = version_id

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path in ('', '/') and environ['REQUEST_METHOD'] == 'GET':
            req = webob.Request(environ)
            resp = _json({'version': _version(req, self.version_id, True)})
            return resp(environ, start_response)
        return self.application(environ, start_response)


def version_document_factory(global_config, version='v2.1', **local_config):
    def _filter(app):
        return VersionDocument(app, version)
    return _filter
