"""minova.api.openstack.api_version_request: parsing and comparing."""

import pytest
import webob

from minova.api.openstack import api_version_request as api_version
from minova import exception

V = api_version.APIVersionRequest


@pytest.mark.parametrize('text,parts', [('2.1', (2, 1)), ('2.38', (2, 38)),
                                        ('2.0', (2, 0)), ('10.10', (10, 10))])
def test_parse(text, parts):
    version = V(text)
    assert (version.ver_major, version.ver_minor) == parts
    assert version.get_string() == text == str(version)
    assert not version.is_null()


@pytest.mark.parametrize('text', ['2', '2.', '.1', '2.01', '02.1', '2.1.1',
                                  'v2.1', ' 2.1', '2.x', '', 'latest'])
def test_parse_bad_strings(text):
    with pytest.raises(exception.InvalidAPIVersionString) as error:
        V(text)
    assert error.value.code == 400
    assert 'is of invalid format' in error.value.format_message()


def test_null_version():
    assert V().is_null()
    assert V().get_string() == '0.0'


def test_comparisons():
    assert V('2.9') < V('2.10')       # numeric, not lexical
    assert V('2.10') > '2.9'
    assert V('2.3') <= '2.3' and V('2.3') >= '2.3'
    assert V('2.3') == '2.3' and V('2.3') != V('2.4')
    assert len({V('2.3'), V('2.3'), V('2.4')}) == 2
    assert repr(V('2.3')) == "APIVersionRequest('2.3')"


@pytest.mark.parametrize('low,high,expected', [
    (None, None, True), ('2.5', None, True), ('2.6', None, False),
    (None, '2.5', True), (None, '2.4', False), ('2.1', '2.5', True),
    ('2.6', '2.9', False)])
def test_matches(low, high, expected):
    assert V('2.5').matches(low, high) is expected


def test_min_and_max():
    assert api_version.min_api_version() == api_version.MIN_API_VERSION
    assert api_version.max_api_version() == api_version.MAX_API_VERSION
    assert api_version.max_api_version() == '2.38'


def _headers(**values):
    return webob.Request.blank('/', headers=values).headers


@pytest.mark.parametrize('headers,expected', [
    ({}, None),
    ({'OpenStack-API-Version': 'compute 2.9'}, '2.9'),
    ({'OpenStack-API-Version': 'COMPUTE 2.9'}, '2.9'),
    ({'OpenStack-API-Version': 'image 2.2, compute 2.11'}, '2.11'),
    ({'OpenStack-API-Version': 'image 2.2'}, None),
    ({'X-OpenStack-Nova-API-Version': '2.4'}, '2.4'),
    ({'X-OpenStack-Nova-API-Version': ' 2.4 '}, '2.4'),
    # The new header wins over the old one.
    ({'OpenStack-API-Version': 'compute 2.7',
      'X-OpenStack-Nova-API-Version': '2.4'}, '2.7'),
    ({'OpenStack-API-Version': 'compute latest'}, '2.38'),
    ({'X-OpenStack-Nova-API-Version': 'Latest'}, '2.38'),
])
def test_from_headers(headers, expected):
    version = api_version.from_headers(_headers(**headers))
    if expected is None:
        assert version is None
    else:
        assert version.get_string() == expected


def test_from_plain_dict_headers():
    assert api_version.from_headers(
        {'OpenStack-API-Version': 'compute 2.3'}) == '2.3'


@pytest.mark.parametrize('headers', [
    {'OpenStack-API-Version': 'compute two'},
    {'X-OpenStack-Nova-API-Version': '2.1.0'}])
def test_from_headers_bad_strings(headers):
    with pytest.raises(exception.InvalidAPIVersionString):
        api_version.from_headers(_headers(**headers))
