"""minova.api.openstack.versions: discovery documents, before auth."""

import pytest

V21 = {'id': 'v2.1', 'status': 'CURRENT', 'version': '2.38',
       'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z'}
V20 = {'id': 'v2.0', 'status': 'SUPPORTED', 'version': '',
       'min_version': '', 'updated': '2011-01-21T11:33:21Z'}


def _without_links(doc):
    return {k: v for k, v in doc.items()
            if k not in ('links', 'media-types')}


def test_root_lists_versions_without_token(api):
    resp = api.get('/', token=None)
    assert resp.status_int == 200
    assert resp.content_type == 'application/json'
    versions = resp.json['versions']
    assert [_without_links(v) for v in versions] == [V20, V21]
    assert versions[1]['links'] == [{'rel': 'self',
                                     'href': 'http://localhost/v2.1/'}]
    assert versions[0]['links'] == [{'rel': 'self',
                                     'href': 'http://localhost/v2/'}]


@pytest.mark.parametrize('path,expected,href', [
    ('/v2.1', V21, 'http://localhost/v2.1/'),
    ('/v2.1/', V21, 'http://localhost/v2.1/'),
    ('/v2', V20, 'http://localhost/v2/'),
    ('/v2/', V20, 'http://localhost/v2/'),
])
def test_version_document_without_token(api, path, expected, href):
    resp = api.get(path, token=None)
    assert resp.status_int == 200, resp.text
    doc = resp.json['version']
    assert _without_links(doc) == expected
    assert doc['links'][0] == {'rel': 'self', 'href': href}
    assert doc['links'][1]['rel'] == 'describedby'
    assert doc['media-types'] == [{
        'base': 'application/json',
        'type': 'application/vnd.openstack.compute+json;version=2.1'}]


def test_links_follow_the_host(api):
    resp = api.get('/', token=None, headers={'Host': 'cloud.example:8774'})
    assert resp.json['versions'][1]['links'][0]['href'] == \
        'http://cloud.example:8774/v2.1/'


def test_anything_longer_needs_a_token(api):
    resp = api.get('/v2.1/servers', token=None)
    assert resp.status_int == 401
    assert resp.json['unauthorized']['code'] == 401


def test_unknown_prefix_is_404(api):
    resp = api.get('/v3', token=None)
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['code'] == 404
