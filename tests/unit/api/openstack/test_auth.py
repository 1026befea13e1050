"""minova.api.openstack.auth: noauth2 and the keystone context filter."""

import pytest
import webob
import webob.dec

from minova.api.openstack import auth

GLOBAL_ID = 'req-' + 'a' * 36


@pytest.fixture
def seen():
    return {}


def _app(seen):
    @webob.dec.wsgify
    def app(req):
        seen['context'] = req.environ['minova.context']
        return webob.Response(status=200)
    return app


def _noauth(seen, **headers):
    req = webob.Request.blank('/', headers=headers)
    return req.get_response(auth.NoAuthMiddleware.factory({})(_app(seen)))


def _keystone(seen, **headers):
    req = webob.Request.blank('/', headers=headers)
    return req.get_response(auth.KeystoneContext.factory({})(_app(seen)))


def test_noauth_user_and_project(seen):
    resp = _noauth(seen, **{'X-Auth-Token': 'alice:proj1'})
    assert resp.status_int == 200
    ctx = seen['context']
    assert (ctx.user_id, ctx.project_id) == ('alice', 'proj1')
    assert not ctx.is_admin
    assert sorted(ctx.roles) == ['member', 'reader']


def test_noauth_raw_token_takes_project_header(seen):
    _noauth(seen, **{'X-Auth-Token': 'alice',
                     'X-Auth-Project-Id': 'proj7'})
    assert (seen['context'].user_id, seen['context'].project_id) == \
        ('alice', 'proj7')


def test_noauth_raw_token_alone_is_its_own_project(seen):
    _noauth(seen, **{'X-Auth-Token': 'alice'})
    assert seen['context'].project_id == 'alice'


def test_noauth_admin(seen):
    _noauth(seen, **{'X-Auth-Token': 'admin:admin'})
    ctx = seen['context']
    assert ctx.is_admin and 'admin' in ctx.roles


def test_noauth_missing_token_is_401(seen):
    resp = _noauth(seen)
    assert resp.status_int == 401
    assert resp.json['unauthorized']['code'] == 401
    assert 'context' not in seen


def test_noauth_global_request_id(seen):
    _noauth(seen, **{'X-Auth-Token': 'a:b',
                     'X-OpenStack-Request-ID': GLOBAL_ID})
    assert seen['context'].global_request_id == GLOBAL_ID
    _noauth(seen, **{'X-Auth-Token': 'a:b',
                     'X-OpenStack-Request-ID': 'req-short'})
    assert seen['context'].global_request_id is None


def test_keystone_headers(seen):
    resp = _keystone(seen, **{'X-User-Id': 'u1', 'X-Project-Id': 'p1',
                              'X-Roles': 'Member, Admin',
                              'X-User-Name': 'alice',
                              'X-Auth-Token': 'tok'})
    assert resp.status_int == 200
    ctx = seen['context']
    assert (ctx.user_id, ctx.project_id) == ('u1', 'p1')
    assert ctx.roles == ['member', 'admin'] and ctx.is_admin
    assert ctx.auth_token == 'tok'


@pytest.mark.parametrize('headers', [
    {'X-User-Id': 'u1'},
    {'X-Project-Id': 'p1'},
    {'X-User-Id': 'u1', 'X-Project-Id': 'p1',
     'X-Identity-Status': 'Invalid'}])
def test_keystone_unauthenticated(seen, headers):
    resp = _keystone(seen, **headers)
    assert resp.status_int == 401
    assert 'context' not in seen


def test_through_the_pipeline(api):
    resp = api.get('/v2.1/servers', token='bob',
                   headers={'X-Auth-Project-Id': 'proj2'})
    assert resp.status_int == 200
    assert api.get('/v2.1/proj2/servers', token='bob',
                   headers={'X-Auth-Project-Id': 'proj2'}).status_int == 200
    assert api.get('/v2.1/proj1/servers', token='bob',
                   headers={'X-Auth-Project-Id': 'proj2'}).status_int == 400
    # Only admins list every project's servers.
    assert api.get('/v2.1/servers?all_tenants=1',
                   token='admin:admin').status_int == 200
    assert api.get('/v2.1/servers?all_tenants=1').status_int == 403
