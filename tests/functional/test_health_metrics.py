"""Health and metrics of the running services: ``/healthcheck`` of the
compute API, the image API and the metadata API answer without a token;
with ``[metrics] enabled`` every service serves Prometheus text on its
local port, and one boot shows in each of them."""

import pytest
import requests

from tests.functional import cloud as cloud_lib

SERVICES = ('minova-api', 'minova-conductor', 'minova-scheduler',
            'minova-network', 'minova-image-api', 'minova-metadata-api')


@pytest.fixture(scope='module')
def cloud(make_cloud):
    ports = {name: cloud_lib.free_port() for name in SERVICES}
    ports['minova-compute'] = cloud_lib.free_port()
    metadata_port = cloud_lib.free_port()
    c = make_cloud(
        computes={'host1': {'metrics': {
            'port': str(ports['minova-compute']),
            'service_ports': ''}}},
        conf={'metadata': {'listen_port': str(metadata_port)},
              'metrics': {'enabled': 'true', 'service_ports': ','.join(
                  '%s:%d' % (name, ports[name]) for name in SERVICES)}})
    c.metrics_ports = ports
    c.start_metadata_api()
    c.metadata_endpoint = 'http://127.0.0.1:%d' % metadata_port
    c._wait_http(c.metadata_endpoint + '/healthcheck')
    return c


@pytest.mark.parametrize('endpoint', ['endpoint', 'image_endpoint',
                                      'metadata_endpoint'])
def test_healthcheck_without_a_token(cloud, endpoint):
    url = getattr(cloud, endpoint) + '/healthcheck'
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200, resp.text
    assert resp.text == 'OK'
    detailed = requests.get(url, headers={'Accept': 'application/json'},
                            timeout=10).json()
    assert detailed == {'detailed': False, 'reasons': ['OK']}
    # The API itself still wants a token (or, for the metadata API, an
    # instance's identity).
    path = {'endpoint': '/v2.1/servers', 'image_endpoint': '/v2/images',
            'metadata_endpoint': '/openstack/latest'}[endpoint]
    assert requests.get(getattr(cloud, endpoint) + path,
                        timeout=10).status_code in (401, 403)


def _scrape(cloud, service):
    """{(name, ((label, value), ...)): value} of ``service``'s metrics,
    through prometheus_client's parser (what a scraper reads)."""
    from prometheus_client import parser
    resp = requests.get('http://127.0.0.1:%d/metrics'
                        % cloud.metrics_ports[service], timeout=10)
    assert resp.status_code == 200, resp.text
    assert resp.headers['Content-Type'].startswith('text/plain')
    found = {}
    for family in parser.text_string_to_metric_families(resp.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = \
                sample.value
    return found


def _value(found, name, **labels):
    return found.get((name, tuple(sorted(labels.items()))), 0)


@pytest.fixture(scope='module')
def booted(cloud):
    cloud.create_flavor('8', 'm1.eight', ram=128, disk=1, vcpus=1)
    image = cloud.create_image()
    server = cloud.boot(name='metered', imageRef=image['id'], flavorRef='8')
    return cloud.wait_for_server(server['server']['id'])


def test_every_service_serves_its_metrics(cloud, booted):
    for service in cloud.metrics_ports:
        found = _scrape(cloud, service)
        [binary] = [dict(labels)['binary'] for name, labels in found
                    if name == 'minova_service_info']
        assert binary == service


def test_one_boot_in_the_metrics(cloud, booted):
    api = _scrape(cloud, 'minova-api')
    assert _value(api, 'minova_api_requests_total', api='compute',
                  method='POST', route='/v2.1/servers', status='202') == 1
    assert _value(api, 'minova_api_requests_total', api='compute',
                  method='GET', route='/v2.1/servers/{id}',
                  status='200') >= 1
    assert _value(api, 'minova_api_request_duration_seconds_count',
                  api='compute', method='POST', route='/v2.1/servers',
                  status='202') == 1
    assert _value(api, 'minova_rpc_client_messages_total',
                  topic='conductor', method='build_instances', kind='cast',
                  outcome='ok') == 1
    conductor = _scrape(cloud, 'minova-conductor')
    assert _value(conductor, 'minova_rpc_server_messages_total',
                  topic='conductor', method='build_instances',
                  outcome='ok') == 1
    assert _value(conductor, 'minova_rpc_client_messages_total',
                  topic='scheduler', method='select_destinations',
                  kind='call', outcome='ok') == 1
    scheduler = _scrape(cloud, 'minova-scheduler')
    assert _value(scheduler, 'minova_rpc_server_messages_total',
                  topic='scheduler', method='select_destinations',
                  outcome='ok') == 1
    compute = _scrape(cloud, 'minova-compute')
    assert _value(compute, 'minova_builds_total', outcome='ACTIVE') == 1
    assert _value(compute, 'minova_builds_total', outcome='ERROR') == 0
    assert _value(compute, 'minova_rpc_server_messages_total',
                  topic='compute', method='build_and_run_instance',
                  outcome='ok') == 1
    image = _scrape(cloud, 'minova-image-api')
    assert _value(image, 'minova_api_requests_total', api='image',
                  method='GET', route='/v2/images/{image_id}',
                  status='200') >= 1
