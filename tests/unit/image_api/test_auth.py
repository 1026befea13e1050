"""The two auth strategies: noauth tokens, keystone (auth_token) headers."""

import webob
import webob.dec

import minova.conf
from minova.image_api import app as image_app
from minova.image_api import auth

CONF = minova.conf.CONF


@webob.dec.wsgify
def _whoami(req):
    ctx = req.environ['minova.context']
    return webob.Response(json_body={
        'user': ctx.user_id, 'project': ctx.project_id,
        'admin': ctx.is_admin, 'roles': ctx.roles,
        'request_id': ctx.request_id})


def _call(app, path='/v2/images', **headers):
    req = webob.Request.blank(path)
    req.headers['Accept'] = 'application/json'
    req.headers.update(headers)
    return req.get_response(app)


def test_noauth_identities():
    app = auth.NoAuth(_whoami)
    body = _call(app, **{'X-Auth-Token': 'alice:proj1'}).json
    assert (body['user'], body['project'], body['admin']) == (
        'alice', 'proj1', False)
    body = _call(app, **{'X-Auth-Token': 'alice',
                         'X-Auth-Project-Id': 'p2'}).json
    assert body['project'] == 'p2'
    body = _call(app, **{'X-Auth-Token': 'alice'}).json
    assert body['project'] == 'alice'
    body = _call(app, **{'X-Auth-Token': 'admin:admin'}).json
    assert body['admin'] and 'admin' in body['roles']
    body = _call(app, **{'X-Auth-Token': 'bob:p', 'X-Roles': 'Admin'}).json
    assert body['admin']
    assert _call(app).status_int == 401


def test_keystone_context_from_auth_token_headers():
    app = auth.KeystoneContext(_whoami)
    body = _call(app, **{'X-Identity-Status': 'Confirmed',
                         'X-User-Id': 'u1', 'X-Project-Id': 'p1',
                         'X-Roles': 'reader,member'}).json
    assert (body['user'], body['project'], body['admin']) == ('u1', 'p1',
                                                              False)
    body = _call(app, **{'X-User-Id': 'u1', 'X-Project-Id': 'p1',
                         'X-Roles': 'admin'}).json
    assert body['admin']
    resp = _call(app, **{'X-Identity-Status': 'Invalid', 'X-User-Id': 'u1'})
    assert resp.status_int == 401


def test_keystone_strategy_keeps_discovery_public(db, conf, tmp_path):
    # Registers [keystone_authtoken]; minova imports it only when used.
    from keystonemiddleware import auth_token  # noqa: F401
    conf.config(auth_strategy='keystone', store_path=str(tmp_path),
                group='image_api')
    conf.config(www_authenticate_uri='http://127.0.0.1:1/identity',
                group='keystone_authtoken')
    app = image_app.build_app(CONF)
    assert _call(app, '/').status_int == 300
    # No token: auth_token refuses without asking keystone.
    resp = _call(app, '/v2/images')
    assert resp.status_int == 401
    assert 'x-openstack-request-id' in resp.headers
