"""Request metrics of the compute API (its real paste pipeline), the
image API and the metadata API: per method, route template and status."""

import webob

from minova.api import app as api_app
from minova.image_api import app as image_app
from minova.metrics import wsgi as wsgi_metrics
from minova.wsgi import metadata as metadata_wsgi
from tests.unit.metrics.conftest import samples
from tests.unit.metrics.conftest import value

REQUESTS = 'minova_api_requests_total'
DURATION = 'minova_api_request_duration_seconds_count'


def _get(app, path, token='alice:proj1', method='GET'):
    req = webob.Request.blank(path, method=method)
    req.headers['Accept'] = 'application/json'
    if token:
        req.headers['X-Auth-Token'] = token
    return req.get_response(app)


def test_compute_api_by_route_template(db, metrics):
    app = api_app.load_app()
    assert _get(app, '/v2.1/flavors').status_int == 200
    assert _get(app, '/v2.1/flavors').status_int == 200
    assert _get(app, '/v2.1/servers/%s' % ('0' * 32)).status_int == 404
    assert _get(app, '/v2.1/servers/%s' % ('1' * 32)).status_int == 404
    assert _get(app, '/v2/proj1/flavors').status_int == 200
    assert _get(app, '/v2.1/no-such-thing').status_int == 404
    assert _get(app, '/v2.1/servers', token=None).status_int == 401
    assert _get(app, '/').status_int == 200
    _get(app, '/v2.1/flavors', method='BREW')
    assert value(REQUESTS, api='compute', method='GET',
                 route='/v2.1/flavors', status='200') == 2
    # Both ids are one series: the route's template.
    assert value(REQUESTS, api='compute', method='GET',
                 route='/v2.1/servers/{id}', status='404') == 2
    assert value(REQUESTS, api='compute', method='GET',
                 route='/v2/{project_id}/flavors', status='200') == 1
    assert value(REQUESTS, api='compute', method='GET',
                 route=wsgi_metrics.UNMATCHED, status='404') == 1
    assert value(REQUESTS, api='compute', method='GET',
                 route=wsgi_metrics.UNMATCHED, status='401') == 1
    assert value(REQUESTS, api='compute', method='GET', route='/',
                 status='200') == 1
    assert value(DURATION, api='compute', method='GET',
                 route='/v2.1/flavors', status='200') == 2
    methods = {dict(labels)['method'] for name, labels in samples(REQUESTS)}
    assert methods == {'GET', 'other'}
    routes = {dict(labels)['route'] for name, labels in samples(REQUESTS)}
    assert not any('0000' in route for route in routes)


def test_healthcheck_is_not_counted(db, metrics):
    app = api_app.load_app()
    assert _get(app, '/healthcheck', token=None).status_int == 200
    assert samples(REQUESTS) == {}


def test_image_api(db, metrics, conf, tmp_path):
    conf.config(store_path=str(tmp_path / 'images'), group='image_api')
    app = image_app.build_app(conf.conf)
    assert _get(app, '/v2/images').status_int == 200
    assert _get(app, '/v2/images/%s' % ('2' * 32)).status_int == 404
    assert value(REQUESTS, api='image', method='GET', route='/v2/images',
                 status='200') == 1
    assert value(REQUESTS, api='image', method='GET',
                 route='/v2/images/{image_id}', status='404') == 1


def test_metadata_api(db, metrics):
    app = metadata_wsgi.load_app()
    assert _get(app, '/openstack/latest/%s' % ('3' * 8)).status_int == 403
    assert value(REQUESTS, api='metadata', method='GET',
                 route=wsgi_metrics.UNMATCHED, status='403') == 1


def test_an_error_below_is_a_500(metrics):
    def broken(environ, start_response):
        raise RuntimeError('boom')
    app = wsgi_metrics.wrap(broken, 'compute')
    try:
        _get(app, '/x')
    except RuntimeError:
        pass
    else:
        raise AssertionError('the error must go on up')
    assert value(REQUESTS, api='compute', method='GET',
                 route=wsgi_metrics.UNMATCHED, status='500') == 1
