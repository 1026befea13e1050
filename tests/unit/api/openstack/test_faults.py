"""minova.api.openstack.faults: Nova's error bodies and the FaultWrapper."""

import pytest
import webob
import webob.dec
import webob.exc

from minova.api.openstack import api_version_request as api_version
from minova.api.openstack import faults
from minova import exception


def _wrapped(error=None, response=None, version=None, legacy=False):
    """FaultWrapper over an app that raises ``error`` or answers
    ``response``; the request may carry a negotiated version."""
    @webob.dec.wsgify
    def app(req):
        if error is not None:
            raise error
        return response
    req = webob.Request.blank('/v2.1/servers')
    if version:
        req.environ['minova.api_version'] = api_version.APIVersionRequest(
            version)
    if legacy:
        req.environ['minova.legacy_v2'] = True
    return req.get_response(faults.FaultWrapper(app))


@pytest.mark.parametrize('error,code,name', [
    (exception.ValidationError(detail='bad'), 400, 'badRequest'),
    (exception.PolicyNotAuthorized(action='x'), 403, 'forbidden'),
    (exception.InstanceNotFound(instance_id='i'), 404, 'itemNotFound'),
    (exception.MethodNotAllowed(), 405, 'badMethod'),
    (exception.InvalidGlobalAPIVersion(req_ver='3.0', min_ver='2.1',
                                       max_ver='2.38'), 406,
     'notAcceptable'),
    (exception.InstanceInvalidState(action='stop', instance_uuid='i',
                                    attr='vm_state', state='stopped'),
     409, 'conflictingRequest'),
    (webob.exc.HTTPUnauthorized(), 401, 'unauthorized'),
    (webob.exc.HTTPRequestEntityTooLarge(), 413, 'overLimit'),
    (webob.exc.HTTPUnsupportedMediaType(), 415, 'badMediaType'),
    (webob.exc.HTTPTooManyRequests(), 429, 'overLimit'),
    (webob.exc.HTTPNotImplemented(), 501, 'notImplemented'),
    (webob.exc.HTTPServiceUnavailable(), 503, 'serviceUnavailable'),
    (RuntimeError('x'), 500, 'computeFault'),
])
def test_error_names_per_code(error, code, name):
    resp = _wrapped(error)
    assert resp.status_int == code
    assert resp.content_type == 'application/json'
    assert list(resp.json) == [name]
    assert resp.json[name]['code'] == code
    assert isinstance(resp.json[name]['message'], str)


def test_minova_message_is_shown():
    resp = _wrapped(exception.InstanceNotFound(instance_id='abc'))
    assert resp.json['itemNotFound']['message'] == \
        'Instance abc could not be found.'


def test_webob_explanation_is_shown():
    resp = _wrapped(webob.exc.HTTPNotFound(explanation='No such thing'))
    assert resp.json['itemNotFound']['message'] == 'No such thing'


def test_500_hides_internals():
    resp = _wrapped(RuntimeError('password=hunter2 at db.example.org'))
    message = resp.json['computeFault']['message']
    assert message.startswith('Unexpected API Error.')
    assert 'hunter2' not in message and 'db.example.org' not in message
    assert 'RuntimeError' in message


def test_unsafe_minova_500_hides_its_message():
    error = exception.NoValidHost(reason='host db01 has password x')
    message = _wrapped(error).json['computeFault']['message']
    assert 'db01' not in message
    assert message.startswith('Unexpected API Error.')


def test_retry_after_and_allow_headers_survive():
    error = webob.exc.HTTPServiceUnavailable()
    error.headers['Retry-After'] = '30'
    error.headers['X-Internal'] = 'no'
    resp = _wrapped(error)
    assert resp.headers['Retry-After'] == '30'
    assert 'X-Internal' not in resp.headers


def test_exception_headers_are_used():
    class Throttled(exception.MinovaException):
        code = 429
        headers = {'Retry-After': 5}
    resp = _wrapped(Throttled('slow down'))
    assert resp.headers['Retry-After'] == '5'
    assert resp.json == {'overLimit': {'code': 429,
                                       'message': 'slow down'}}


def test_version_headers_on_errors():
    resp = _wrapped(exception.InstanceNotFound(instance_id='i'),
                    version='2.19')
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.19'
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.19'
    resp = _wrapped(exception.InstanceNotFound(instance_id='i'),
                    version='2.19', legacy=True)
    assert 'OpenStack-API-Version' not in resp.headers


def test_non_json_error_below_is_converted():
    response = webob.Response(status=404, content_type='text/plain',
                              body=b'404 Not Found\n\nNo route here')
    resp = _wrapped(response=response)
    assert resp.json == {'itemNotFound': {'code': 404,
                                          'message': 'No route here'}}


def test_successful_and_json_error_responses_pass_through():
    ok = webob.Response(status=200, json_body={'a': 1})
    assert _wrapped(response=ok).json == {'a': 1}
    json_error = webob.Response(status=409, json_body={'custom': 1})
    resp = _wrapped(response=json_error)
    assert resp.status_int == 409 and resp.json == {'custom': 1}


def test_error_response_helper():
    resp = faults.error_response(418, 'teapot', headers={'X-A': 1})
    assert resp.status_int == 418
    assert resp.json == {'computeFault': {'code': 418,
                                          'message': 'teapot'}}
    assert resp.headers['X-A'] == '1'


def test_webob_error_raised_through_plain_wsgi():
    def app(environ, start_response):
        error = webob.exc.HTTPMethodNotAllowed(explanation='Use GET')
        error.headers['Allow'] = 'GET'
        raise error
    resp = webob.Request.blank('/').get_response(faults.FaultWrapper(app))
    assert resp.json == {'badMethod': {'code': 405, 'message': 'Use GET'}}
    assert resp.headers['Allow'] == 'GET'
