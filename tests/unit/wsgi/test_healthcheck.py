"""``/healthcheck`` of the compute API and the metadata API (both loaded
from the real etc/minova/api-paste.ini) and of the image API (built in
code): 200 without a token, no details unless asked, 503 while the
disable file exists; every other path goes on to the API."""

import json

import pytest
import webob

from minova.api import app as api_app
from minova.image_api import app as image_app
from minova.wsgi import healthcheck
from minova.wsgi import metadata as metadata_wsgi


def _get(app, path, method='GET', accept=None):
    req = webob.Request.blank(path, method=method)
    if accept:
        req.headers['Accept'] = accept
    return req.get_response(app)


@pytest.fixture
def compute_app(db):
    return api_app.load_app()


@pytest.fixture
def metadata_app(db):
    return metadata_wsgi.load_app()


@pytest.fixture
def image_api_app(db, conf, tmp_path):
    conf.config(store_path=str(tmp_path / 'images'), group='image_api')
    return image_app.build_app(conf.conf)


@pytest.fixture(params=['compute_app', 'metadata_app', 'image_api_app'])
def any_app(request, db):
    # ``db`` named here, not only through getfixturevalue: its session
    # template must be migrated before this test's configuration is set.
    return request.getfixturevalue(request.param)


def test_healthcheck_answers_ok_without_a_token(any_app):
    resp = _get(any_app, '/healthcheck')
    assert resp.status_int == 200
    assert resp.content_type == 'text/plain'
    assert resp.text == 'OK'


def test_head_answers_no_content(any_app):
    resp = _get(any_app, '/healthcheck', method='HEAD')
    assert resp.status_int == 204
    assert resp.body == b''


def test_not_detailed_by_default(any_app):
    resp = _get(any_app, '/healthcheck', accept='application/json')
    assert resp.status_int == 200
    body = json.loads(resp.text)
    assert body['detailed'] is False
    assert body['reasons'] == ['OK']
    # No threads, garbage collector or hostname for anyone who asks.
    assert set(body) == {'detailed', 'reasons'}


def test_detailed_when_the_operator_asks(db, conf):
    from oslo_middleware.healthcheck import opts
    conf.register_opts(opts.HEALTHCHECK_OPTS, group='healthcheck')
    conf.config(detailed=True, group='healthcheck')
    resp = _get(api_app.load_app(), '/healthcheck',
                accept='application/json')
    body = json.loads(resp.text)
    assert body['detailed'] is True
    assert 'threads' in body or 'greenthreads' in body


def test_other_paths_still_need_their_api(compute_app, metadata_app,
                                          image_api_app):
    assert _get(compute_app, '/v2.1/servers').status_int == 401
    assert _get(compute_app, '/healthcheckx').status_int == 404
    # The metadata API: no instance identity in the request.
    assert _get(metadata_app, '/openstack/latest').status_int == 403
    assert _get(image_api_app, '/v2/images').status_int == 401


def test_disable_file_answers_503(tmp_path):
    flag = tmp_path / 'healthcheck_disable'
    app = healthcheck.wrap(lambda environ, start: [],
                           disable_by_file_path=str(flag))
    assert _get(app, '/healthcheck').status_int == 200
    flag.write_text('')
    resp = _get(app, '/healthcheck')
    assert resp.status_int == 503
    assert resp.text == 'DISABLED BY FILE'


def test_paste_sets_up_the_disable_file_as_nova_does():
    import configparser
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(api_app.find_paste_config())
    section = parser['app:healthcheck']
    assert section['backends'] == healthcheck.DEFAULTS['backends']
    assert section['disable_by_file_path'] == \
        healthcheck.DEFAULTS['disable_by_file_path']
    assert parser['composite:osapi_compute']['/healthcheck'] == \
        'healthcheck'
