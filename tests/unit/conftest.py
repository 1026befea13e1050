"""Unit-test fixtures: a fresh SQLite database, oslo.messaging's fake
transport, and a WSGI app for the compute API."""

import os
import shutil

import pytest
from oslo_config import cfg
from oslo_config import fixture as config_fixture

import minova.conf
from minova import context
from minova.db import migration
from minova.db import session as db_session
import minova.objects
from minova import policy
from minova import rpc

minova.objects.register_all()
CONF = minova.conf.CONF


@pytest.fixture(autouse=True)
def conf(tmp_path):
    fixture = config_fixture.Config(CONF)
    fixture.setUp()
    CONF([], project='minova', default_config_files=[])
    fixture.config(state_path=str(tmp_path), host='testhost')
    yield fixture
    fixture.cleanUp()
    policy.reset()


@pytest.fixture(autouse=True)
def fake_rpc(conf):
    rpc.cleanup()
    rpc.init(CONF, url='fake:/')
    yield
    rpc.cleanup()


@pytest.fixture(scope='session')
def _migrated_db_file(tmp_path_factory):
    """One database migrated to head per run; each test gets a copy (a
    migration per test would cost more than most tests)."""
    path = str(tmp_path_factory.mktemp('template') / 'template.sqlite')
    fixture = config_fixture.Config(CONF)
    fixture.setUp()
    try:
        CONF([], project='minova', default_config_files=[])
        fixture.config(connection='sqlite:///%s' % path, group='database')
        db_session.dispose()
        for chain in migration.CHAINS.values():
            migration.db_sync(chain=chain)
    finally:
        db_session.dispose()
        fixture.cleanUp()
    return path


@pytest.fixture
def db(conf, tmp_path, _migrated_db_file):
    """A migrated SQLite database under the test's tmp dir."""
    db_session.dispose()
    path = os.path.join(str(tmp_path), 'test.sqlite')
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(_migrated_db_file + suffix):
            shutil.copyfile(_migrated_db_file + suffix, path + suffix)
    conf.config(connection='sqlite:///%s' % path, group='database')
    yield
    db_session.dispose()


@pytest.fixture
def admin_ctx():
    return context.get_admin_context()


@pytest.fixture
def user_ctx():
    return context.RequestContext(user_id='alice', project_id='proj1',
                                  roles=['member', 'reader'])


class APIClient:
    """Sends requests through the whole paste pipeline, in process."""

    def __init__(self, app):
        self.app = app

    def request(self, method, path, body=None, token='alice:proj1',
                version=None, headers=None):
        import json
        import webob
        req = webob.Request.blank(path, method=method)
        if token:
            req.headers['X-Auth-Token'] = token
        if body is not None:
            req.body = (body if isinstance(body, bytes)
                        else json.dumps(body).encode())
            req.content_type = 'application/json'
        if version:
            req.headers['OpenStack-API-Version'] = 'compute %s' % version
        for key, value in (headers or {}).items():
            req.headers[key] = value
        return req.get_response(self.app)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body, **kwargs):
        return self.request('POST', path, body=body, **kwargs)

    def put(self, path, body, **kwargs):
        return self.request('PUT', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)


@pytest.fixture
def api(db):
    """The compute API app (noauth2) on the test database."""
    from minova.api import app
    return APIClient(app.load_app())
