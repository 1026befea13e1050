"""Calls to the image API as the user, with the service token beside it
(minova.service_auth through minova.image.glance), seen by a server."""

import json

from keystoneauth1 import token_endpoint
import pytest

from minova import context
from minova.image import glance
from minova import service_auth
from tests.unit.image import test_glance


def _echo_headers(environ, start_response):
    seen = {k[5:].replace('_', '-').title(): v for k, v in environ.items()
            if k.startswith('HTTP_')}
    body = json.dumps({'id': 'x', 'name': 'seen', 'seen': seen}).encode()
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body]


@pytest.fixture
def echo(conf):
    with test_glance.serve(_echo_headers) as url:
        conf.config(api_servers=[url], group='glance')
        yield conf
    service_auth.reset()


def _seen(ctx):
    return glance.API().show(ctx, 'x')['properties']['seen']


def test_keystone_context_sends_its_token_and_a_service_token(echo,
                                                              monkeypatch):
    echo.config(send_service_user_token=True, group='service_user')
    monkeypatch.setattr(service_auth, '_SERVICE_AUTH',
                        token_endpoint.Token(None, 'service-token'))
    ctx = context.RequestContext(user_id='u', project_id='p',
                                 auth_token='user-token')
    seen = _seen(ctx)
    assert seen['X-Auth-Token'] == 'user-token'
    assert seen['X-Service-Token'] == 'service-token'


def test_no_service_token_unless_configured(echo):
    ctx = context.RequestContext(user_id='u', project_id='p',
                                 auth_token='user-token')
    seen = _seen(ctx)
    assert seen['X-Auth-Token'] == 'user-token'
    assert 'X-Service-Token' not in seen


def test_service_token_without_auth_options_sends_the_user_token(echo):
    echo.config(send_service_user_token=True, group='service_user')
    ctx = context.RequestContext(user_id='u', project_id='p',
                                 auth_token='user-token')
    seen = _seen(ctx)
    assert seen['X-Auth-Token'] == 'user-token'
    assert 'X-Service-Token' not in seen


def test_noauth_context_sends_user_and_project(echo):
    seen = _seen(context.RequestContext(user_id='u', project_id='p'))
    assert seen['X-Auth-Token'] == 'u:p'
    assert 'X-Service-Token' not in seen
