"""minova.api.openstack.wsgi: Request, Resource dispatch and
serialization, with a controller made for the test."""

import json

import pytest
import webob

from minova.api.openstack import api_version_request as api_version
from minova.api.openstack import faults
from minova.api.openstack import wsgi
from minova import context
from minova import exception


class Controller:
    def __init__(self):
        self.calls = []

    def index(self, req):
        self.calls.append(('index', {}))
        return {'things': [], 'version': str(req.api_version_request)}

    @wsgi.response(201)
    def create(self, req, body):
        self.calls.append(('create', {'body': body}))
        return {'thing': body['thing']}

    def update(self, req, id, body):
        self.calls.append(('update', {'id': id, 'body': body}))
        return {'thing': dict(body['thing'], id=id)}

    @wsgi.response(204)
    def delete(self, req, id):
        self.calls.append(('delete', {'id': id}))

    def show(self, req, id):
        return wsgi.ResponseObject({'thing': {'id': id}}, code=203,
                                   headers={'X-Thing-Count': 7})

    @wsgi.versions('2.5', '2.10')
    def ranged(self, req):
        return {'ok': True}

    @wsgi.response(202)
    @wsgi.action('poke')
    def _poke(self, req, id, body):
        self.calls.append(('poke', {'id': id, 'body': body}))

    @wsgi.action('peek')
    def _peek(self, req, id, body):
        return {'peeked': id}

    def fail(self, req):
        raise exception.InstanceNotFound(instance_id='x')


class Extension:
    @wsgi.action('nudge')
    def nudge(self, req, id, body):
        return {'nudged': id}


@pytest.fixture
def resource():
    return wsgi.Resource(Controller())


def _req(action, method='GET', body=None, version='2.1', legacy=False,
         content_type='application/json', project_id=None, **args):
    req = wsgi.Request.blank('/things', method=method)
    if body is not None:
        req.body = body if isinstance(body, bytes) else \
            json.dumps(body).encode()
        req.content_type = content_type
    routing = dict(args, action=action, controller=object())
    if project_id is not None:
        routing['project_id'] = project_id
    req.environ['wsgiorg.routing_args'] = ((), routing)
    req.environ['minova.context'] = context.RequestContext(
        user_id='alice', project_id='proj1')
    req.environ['minova.api_version'] = api_version.APIVersionRequest(
        version)
    if legacy:
        req.environ['minova.legacy_v2'] = True
    return req


def test_get_renders_json_with_version_headers(resource):
    resp = _req('index', version='2.7').get_response(resource)
    assert resp.status_int == 200
    assert resp.content_type == 'application/json'
    assert resp.charset == 'utf-8'
    assert resp.json == {'things': [], 'version': '2.7'}
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.7'
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.7'
    assert resp.headers['Vary'] == \
        'OpenStack-API-Version, X-OpenStack-Nova-API-Version'


def test_legacy_v2_has_no_version_headers(resource):
    resp = _req('index', legacy=True).get_response(resource)
    assert resp.status_int == 200
    assert 'OpenStack-API-Version' not in resp.headers
    assert 'Vary' not in resp.headers


def test_post_passes_the_body_and_declared_code(resource):
    resp = _req('create', 'POST', {'thing': {'a': 1}}).get_response(
        resource)
    assert resp.status_int == 201
    assert resp.json == {'thing': {'a': 1}}
    assert resource.controller.calls == [('create',
                                          {'body': {'thing': {'a': 1}}})]


def test_put_passes_url_args_and_body(resource):
    resp = _req('update', 'PUT', {'thing': {'a': 1}}, id='7').get_response(
        resource)
    assert resp.status_int == 200
    assert resp.json == {'thing': {'a': 1, 'id': '7'}}


def test_none_is_an_empty_response(resource):
    resp = _req('delete', 'DELETE', id='7').get_response(resource)
    assert resp.status_int == 204
    assert resp.body == b''
    assert 'Content-Type' not in resp.headers
    assert resource.controller.calls == [('delete', {'id': '7'})]


def test_response_object_sets_code_and_headers(resource):
    resp = _req('show', id='9').get_response(resource)
    assert resp.status_int == 203
    assert resp.headers['X-Thing-Count'] == '7'
    assert resp.json == {'thing': {'id': '9'}}


def test_format_and_project_are_not_passed_on(resource):
    resp = _req('show', id='9', format='json',
                project_id='proj1').get_response(resource)
    assert resp.status_int == 203


def _fault(req, resource, code):
    """The Nova error body the request ends in (via the FaultWrapper)."""
    resp = req.get_response(faults.FaultWrapper(resource))
    assert resp.status_int == code, resp.text
    [(_name, body)] = resp.json.items()
    assert body['code'] == code
    return body['message']


def test_project_mismatch(resource):
    message = _fault(_req('index', project_id='proj2'), resource, 400)
    assert "URL's project_id 'proj2'" in message


@pytest.mark.parametrize('version,allowed', [('2.4', False), ('2.5', True),
                                             ('2.10', True),
                                             ('2.11', False)])
def test_versions_decorator(resource, version, allowed):
    req = _req('ranged', version=version)
    if allowed:
        assert req.get_response(resource).json == {'ok': True}
    else:
        message = _fault(req, resource, 404)
        assert message == ('API version %s is not supported on this '
                           'method.' % version)


def test_action_dispatch(resource):
    resp = _req('action', 'POST', {'poke': {'hard': True}},
                id='5').get_response(resource)
    assert resp.status_int == 202 and resp.body == b''
    assert resource.controller.calls == [
        ('poke', {'id': '5', 'body': {'poke': {'hard': True}}})]
    resp = _req('action', 'POST', {'peek': None}, id='5').get_response(
        resource)
    assert resp.status_int == 200 and resp.json == {'peeked': '5'}


def test_registered_actions_of_other_controllers(resource):
    resource.register_actions(Extension())
    resp = _req('action', 'POST', {'nudge': {}}, id='3').get_response(
        resource)
    assert resp.json == {'nudged': '3'}
    assert set(resource.actions) == {'poke', 'peek', 'nudge'}


def test_unknown_action_is_400(resource):
    # Raised as a minova exception; the fault middleware renders it.
    with pytest.raises(exception.NoSuchAction) as error:
        _req('action', 'POST', {'smash': {}}, id='5').get_response(
            resource)
    assert error.value.code == 400
    assert error.value.format_message() == 'There is no such action: smash'
    assert resource.controller.calls == []


@pytest.mark.parametrize('body', [{'poke': {}, 'peek': {}}, {}, [1], 'x'])
def test_action_body_needs_exactly_one_key(resource, body):
    message = _fault(_req('action', 'POST', body, id='5'), resource, 400)
    assert message.startswith('Malformed message body')
    assert resource.controller.calls == []


@pytest.mark.parametrize('raw,reason', [(b'', 'empty body'),
                                        (b'{"a": ', 'cannot understand'),
                                        (b'\xff\xfe', 'cannot understand')])
def test_bad_bodies(resource, raw, reason):
    req = _req('create', 'POST', raw)
    if not raw:
        req.body = b''
    message = _fault(req, resource, 400)
    assert message.startswith('Malformed message body: ' + reason)


@pytest.mark.parametrize('content_type', [
    'application/json', 'application/vnd.openstack.compute+json',
    'text/plain'])
def test_json_content_types(resource, content_type):
    resp = _req('create', 'POST', {'thing': 1},
                content_type=content_type).get_response(resource)
    assert resp.status_int == 201


def test_other_content_type_is_415(resource):
    _fault(_req('create', 'POST', {'thing': 1},
                content_type='application/xml'), resource, 415)
    assert resource.controller.calls == []


def test_controller_errors_become_nova_faults(resource):
    with pytest.raises(exception.InstanceNotFound):
        _req('fail').get_response(resource)    # left to the FaultWrapper
    assert _fault(_req('fail'), resource, 404) == \
        'Instance x could not be found.'


# -- Request ------------------------------------------------------------------

def _headers_request(legacy=False, **headers):
    req = wsgi.Request.blank('/', headers=headers)
    if legacy:
        req.environ['minova.legacy_v2'] = True
    return req


def test_negotiate_default_is_2_1():
    req = _headers_request()
    assert req.negotiate_version() == '2.1'
    assert req.api_version_request.get_string() == '2.1'


def test_negotiate_header():
    req = _headers_request(**{'OpenStack-API-Version': 'compute 2.26'})
    assert req.negotiate_version() == '2.26'
    assert req.ver('2.26') and not req.ver('2.27')
    assert req.ver(None, '2.26') and not req.ver(None, '2.25')


def test_negotiate_legacy_ignores_headers():
    req = _headers_request(legacy=True,
                           **{'OpenStack-API-Version': 'compute 2.26'})
    assert req.negotiate_version() == '2.1'
    assert req.is_legacy_v2


@pytest.mark.parametrize('value', ['compute 3.0', 'compute 2.39',
                                   'compute 1.9'])
def test_negotiate_out_of_range(value):
    req = _headers_request(**{'OpenStack-API-Version': value})
    with pytest.raises(exception.InvalidGlobalAPIVersion) as error:
        req.negotiate_version()
    assert error.value.code == 406
    assert 'Minimum is 2.1 and maximum is 2.38' in \
        error.value.format_message()
    # The error response itself carries the minimum version.
    assert req.api_version_request.get_string() == '2.1'


def test_negotiate_garbage():
    req = _headers_request(**{'OpenStack-API-Version': 'compute 2.x'})
    with pytest.raises(exception.InvalidAPIVersionString):
        req.negotiate_version()


def test_context_property():
    req = webob.Request.blank('/')
    req = wsgi.Request(req.environ)
    ctx = context.RequestContext(user_id='u', project_id='p')
    req.environ['minova.context'] = ctx
    assert req.context is ctx
