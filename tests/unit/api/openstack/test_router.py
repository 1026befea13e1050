"""minova.api.openstack.router: the route table with and without the
project id, 404/405, and the legacy /v2 wrapper."""

import pytest
import webob

from minova.api.openstack import faults
from minova.api.openstack import router
from minova import context
from tests.unit.api import fakes


class Things:
    def index(self, req):
        return {'things': [], 'project': req.context.project_id}

    def show(self, req, id):
        return {'thing': id}

    def create(self, req, body):
        return {'created': body}


ROUTES = (('/things', {'GET': (Things, 'index'),
                       'POST': (Things, 'create')}),
          ('/things/{id}', {'GET': (Things, 'show')}))


@pytest.fixture
def app():
    """FaultWrapper + a context + the router, over a test route table."""
    api_router = router.APIRouter(ROUTES)

    def with_context(environ, start_response):
        environ['minova.context'] = context.RequestContext(
            user_id='alice', project_id='proj1')
        return api_router(environ, start_response)
    return faults.FaultWrapper(with_context)


def _call(app, method, path, body=None, headers=None):
    req = webob.Request.blank(path, method=method, headers=headers or {})
    if body is not None:
        req.json_body = body
    return req.get_response(app)


@pytest.mark.parametrize('path', ['/things', '/proj1/things'])
def test_with_and_without_project(app, path):
    resp = _call(app, 'GET', path)
    assert resp.status_int == 200
    assert resp.json == {'things': [], 'project': 'proj1'}


@pytest.mark.parametrize('path', ['/things/7', '/proj1/things/7'])
def test_url_arguments(app, path):
    assert _call(app, 'GET', path).json == {'thing': '7'}


def test_project_mismatch_is_400(app):
    resp = _call(app, 'GET', '/proj2/things')
    message = fakes.assert_fault(resp, 400)
    assert message == ("Malformed request URL: URL's project_id 'proj2' "
                       "doesn't match Context's project_id 'proj1'")


def test_unknown_route_is_404(app):
    resp = _call(app, 'GET', '/nothing/here/at/all')
    assert fakes.assert_fault(resp, 404) == \
        'The resource could not be found.'


def test_wrong_method_is_405(app):
    resp = _call(app, 'DELETE', '/things')
    assert resp.status_int == 405
    assert resp.json['badMethod']['code'] == 405
    assert 'not allowed' in resp.json['badMethod']['message']
    assert _call(app, 'PUT', '/proj1/things/7').status_int == 405


def test_post_with_body(app):
    assert _call(app, 'POST', '/things', {'a': 1}).json == \
        {'created': {'a': 1}}


def test_version_is_negotiated_before_routing(app):
    resp = _call(app, 'GET', '/nothing',
                 headers={'OpenStack-API-Version': 'compute 2.9'})
    assert resp.status_int == 404
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.9'


# -- the real route table through the whole pipeline -------------------------

@pytest.mark.parametrize('path', ['/v2.1/flavors', '/v2.1/proj1/flavors',
                                  '/v2/proj1/flavors', '/v2/flavors'])
def test_real_routes_with_and_without_project(api, path):
    resp = api.get(path)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'flavors': []}


def test_real_unknown_and_wrong_method(api):
    assert fakes.assert_fault(api.get('/v2.1/os-nothing'), 404)
    assert api.request('PATCH', '/v2.1/servers').status_int == 405
    assert fakes.assert_fault(api.get('/v2.1/proj9/servers'), 400)


def test_legacy_v2_ignores_microversion_headers(api):
    resp = api.get('/v2/proj1/flavors', version='2.99')
    assert resp.status_int == 200
    assert 'OpenStack-API-Version' not in resp.headers
    resp = api.get('/v2.1/flavors', version='2.99')
    assert resp.status_int == 406


def test_legacy_v2_tolerates_extra_body_properties(api):
    body = {'keypair': {'name': 'k', 'unexpected': 1}}
    message = fakes.assert_fault(api.post('/v2.1/os-keypairs', body), 400)
    assert "('unexpected' was unexpected)" in message
    resp = api.post('/v2/proj1/os-keypairs', body)
    assert resp.status_int == 200, resp.text
    assert resp.json['keypair']['name'] == 'k'


def test_wrapper_marks_the_environ():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response('200 OK', [])
        return [b'']
    wrapper = router.LegacyV2CompatibleWrapper.factory({})(app)
    webob.Request.blank('/').get_response(wrapper)
    assert seen['minova.legacy_v2'] is True
