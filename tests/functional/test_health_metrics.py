"""Health and metrics of the running services: ``/healthcheck`` of the
compute API, the image API and the metadata API answer without a token;
with ``[metrics] enabled`` the services serve Prometheus text on their
local port."""

import pytest
import requests

from tests.functional import cloud as cloud_lib


@pytest.fixture(scope='module')
def cloud(make_cloud):
    metadata_port = cloud_lib.free_port()
    c = make_cloud(computes={'host1': {}}, conf={
        'metadata': {'listen_port': str(metadata_port)}})
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
