"""x-compute-request-id beside x-openstack-request-id, as Nova's
compute_req_id filter sends them on /v2 and /v2.1."""

import pytest


@pytest.mark.parametrize('path,status', [
    ('/v2.1/servers', 200),
    ('/v2.1/proj1/flavors', 200),
    ('/v2/proj1/servers', 200),
    ('/v2.1', 200),
    ('/v2.1/servers/9b3b2a6c-7c1f-4d2e-9a51-0f3c1e2d4b5a', 404),
    ('/v2.1/no-such-thing', 404),
])
def test_both_request_id_headers(api, path, status):
    resp = api.get(path)
    assert resp.status_int == status, resp.text
    compute_id = resp.headers['x-compute-request-id']
    assert compute_id.startswith('req-')
    assert resp.headers['x-openstack-request-id'] == compute_id


def test_each_request_has_its_own_id(api):
    first = api.get('/v2.1/servers').headers['x-compute-request-id']
    assert api.get('/v2.1/servers').headers['x-compute-request-id'] != first


def test_the_version_list_has_no_compute_request_id(api):
    # Nova's oscomputeversions pipeline has no compute_req_id filter.
    resp = api.get('/')
    assert 'x-compute-request-id' not in resp.headers
