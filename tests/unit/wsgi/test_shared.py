"""minova.wsgi: the error mapping and routing both REST APIs share."""

import logging

import pytest
import routes
import webob
import webob.dec
import webob.exc

from minova.api.openstack import faults as nova_faults
from minova import exception
from minova.image_api import errors as glance_errors
from minova.wsgi import faults
from minova.wsgi import routing


def _mapper():
    mapper = routes.Mapper()
    mapper.connect('/things', action='index', conditions={'method': ['GET']})
    mapper.connect('/things', action='create',
                   conditions={'method': ['POST']})
    return mapper


def test_describe_minova_webob_and_unexpected():
    assert faults.describe(exception.NotFound('gone')) == (404, 'gone', {})
    error = webob.exc.HTTPServiceUnavailable(detail='later')
    error.headers['Retry-After'] = '3'
    error.headers['X-Internal'] = 'x'
    assert faults.describe(error) == (503, 'later', {'Retry-After': '3'})
    assert faults.describe(RuntimeError('secret')) == (500, None, None)


def test_match_found():
    environ = webob.Request.blank('/things', method='POST').environ
    result, _route = routing.match(_mapper(), environ)
    assert result['action'] == 'create'


def test_match_405_names_the_allowed_methods():
    environ = webob.Request.blank('/things', method='DELETE').environ
    with pytest.raises(exception.MethodNotAllowed) as caught:
        routing.match(_mapper(), environ)
    assert caught.value.headers == {'Allow': 'GET, POST'}
    assert 'DELETE is not allowed' in caught.value.format_message()


def test_match_404():
    environ = webob.Request.blank('/nothing').environ
    with pytest.raises(exception.NotFound):
        routing.match(_mapper(), environ)


@pytest.mark.parametrize('wrapper', [nova_faults.FaultWrapper,
                                     glance_errors.FaultWrapper])
def test_both_apis_give_405_an_allow_header(wrapper):
    mapper = _mapper()

    @webob.dec.wsgify
    def app(req):
        routing.match(mapper, req.environ)
    req = webob.Request.blank('/things', method='PUT')
    req.headers['Accept'] = 'application/json'
    resp = req.get_response(wrapper(app))
    assert resp.status_int == 405
    assert resp.headers['Allow'] == 'GET, POST'


@pytest.mark.parametrize('wrapper', [nova_faults.FaultWrapper,
                                     glance_errors.FaultWrapper])
def test_404_log_line_has_the_url(wrapper, caplog):
    @webob.dec.wsgify
    def app(req):
        raise exception.NotFound('The resource could not be found.')
    caplog.set_level(logging.INFO)
    webob.Request.blank('/v2/nothing?x=1').get_response(wrapper(app))
    assert 'GET http://localhost/v2/nothing?x=1 -> 404' in caplog.text


@pytest.mark.parametrize('wrapper,shown', [
    (nova_faults.FaultWrapper, 'Unexpected API Error'),
    (glance_errors.FaultWrapper, 'Error in the image service: KeyError')])
def test_500_shows_only_the_api_own_text(wrapper, shown):
    @webob.dec.wsgify
    def app(req):
        raise KeyError('db password')
    req = webob.Request.blank('/')
    req.headers['Accept'] = 'application/json'
    resp = req.get_response(wrapper(app))
    assert resp.status_int == 500
    assert shown in resp.text and 'password' not in resp.text
