"""minova.api.validation: a schema per microversion range, Nova's error
messages, the legacy /v2 relaxation and the formats."""

import base64

import pytest

from minova.api.openstack import api_version_request as api_version
from minova.api import validation
from minova import exception

OLD = {'type': 'object',
       'properties': {'thing': {
           'type': 'object',
           'properties': {'name': {'type': 'string', 'minLength': 1},
                          'count': {'type': ['integer', 'string'],
                                    'pattern': '^[0-9]+$', 'minimum': 1,
                                    'maximum': 10}},
           'required': ['name'], 'additionalProperties': False}},
       'required': ['thing'], 'additionalProperties': False}
NEW = {'type': 'object',
       'properties': {'thing': {'type': 'object',
                                'properties': {'label': {'type': 'string'}},
                                'required': ['label'],
                                'additionalProperties': False}},
       'required': ['thing'], 'additionalProperties': False}
FORMATS = {'type': 'object',
           'properties': {'data': {'type': 'string', 'format': 'base64'},
                          'id': {'type': 'string', 'format': 'uuid'}},
           'additionalProperties': False}


class FakeRequest:
    def __init__(self, version='2.1', legacy=False, query=None):
        self.api_version_request = api_version.APIVersionRequest(version)
        self.is_legacy_v2 = legacy
        self.GET = _MultiDict(query or {})

    def ver(self, low=None, high=None):
        return self.api_version_request.matches(low, high)


class _MultiDict(dict):
    def getall(self, key):
        value = self[key]
        return value if isinstance(value, list) else [value]


class Controller:
    @validation.schema(OLD, '2.1', '2.9')
    @validation.schema(NEW, '2.10')
    def create(self, req, body):
        return body

    @validation.schema(FORMATS)
    def formats(self, req, body):
        return body

    @validation.query_schema({'type': 'object',
                              'properties': {'limit': {
                                  'type': 'array',
                                  'items': {'type': 'string',
                                            'pattern': '^[0-9]+$'}}}},
                             '2.5')
    def index(self, req):
        return 'listed'


def _create(body, **kwargs):
    return Controller().create(FakeRequest(**kwargs), body=body)


def _error(func, *args, **kwargs):
    with pytest.raises(exception.ValidationError) as error:
        func(*args, **kwargs)
    assert error.value.code == 400
    return error.value.format_message()


def test_schema_per_version_range():
    old = {'thing': {'name': 'a'}}
    new = {'thing': {'label': 'b'}}
    assert _create(old, version='2.9') == old
    assert _create(new, version='2.10') == new
    assert _create(new, version='2.38') == new
    assert "'label' is a required property" == _error(
        _create, old, version='2.10')
    assert "'name' is a required property" == _error(
        _create, new, version='2.1')


@pytest.mark.parametrize('body,message', [
    ({}, "'thing' is a required property"),
    ({'thing': {'name': 'a'}, 'x': 1},
     "Additional properties are not allowed ('x' was unexpected)"),
    ({'thing': {'name': ''}},
     "Invalid input for field/attribute name. Value: . '' should be "
     "non-empty"),
    ({'thing': {'name': 7}},
     "Invalid input for field/attribute name. Value: 7. 7 is not of type "
     "'string'"),
    ({'thing': {'name': 'a', 'count': 0}},
     'Invalid input for field/attribute count. Value: 0. 0 is less than '
     'the minimum of 1'),
    ({'thing': {'name': 'a', 'count': '0'}},
     'Invalid input for field/attribute count. Value: 0. 0 is less than '
     'the minimum of 1'),
    ({'thing': {'name': 'a', 'count': '11'}},
     'Invalid input for field/attribute count. Value: 11. 11 is greater '
     'than the maximum of 10'),
    ({'thing': {'name': 'a', 'count': 'x'}},
     "Invalid input for field/attribute count. Value: x. 'x' does not "
     "match '^[0-9]+$'"),
    ({'thing': 'a'},
     "Invalid input for field/attribute thing. Value: a. 'a' is not of "
     "type 'object'"),
    ([], "[] is not of type 'object'"),
])
def test_nova_style_messages(body, message):
    assert _error(_create, body) == message


@pytest.mark.parametrize('count', [1, '1', 10, '10'])
def test_numbers_and_numeric_strings_in_range(count):
    body = {'thing': {'name': 'a', 'count': count}}
    assert _create(body) == body


def test_legacy_v2_tolerates_unknown_properties_only():
    body = {'thing': {'name': 'a', 'extra': 1}, 'more': 2}
    assert _create(body, legacy=True) == body
    assert "'name' is a required property" == _error(
        _create, {'thing': {}}, legacy=True)
    assert 'Additional properties' in _error(_create, body)


def test_relaxed_copy_leaves_the_schema_alone():
    validation.schema(OLD)   # builds the relaxed validator from OLD
    assert OLD['additionalProperties'] is False
    assert OLD['properties']['thing']['additionalProperties'] is False


@pytest.mark.parametrize('value,valid', [
    (base64.b64encode(b'#!/bin/sh\n').decode(), True),
    ('', True),
    ('aGk=', True),
    ('aGk', False),
    ('not base64!', False),
    ('aGk=\n', False)])
def test_base64_format(value, valid):
    body = {'data': value}
    if valid:
        assert Controller().formats(FakeRequest(), body=body) == body
    else:
        message = _error(Controller().formats, FakeRequest(), body=body)
        assert message == ("Invalid input for field/attribute data. Value: "
                           "%s. %r is not a 'base64'" % (value, value))


@pytest.mark.parametrize('value,valid', [
    ('155d900f-4e14-4e4c-a73d-069cbf4541e6', True),
    ('155d900f4e144e4ca73d069cbf4541e6', True),
    ('not-a-uuid', False)])
def test_uuid_format(value, valid):
    call = Controller().formats
    if valid:
        assert call(FakeRequest(), body={'id': value}) == {'id': value}
    else:
        message = _error(call, FakeRequest(), body={'id': value})
        assert message.endswith("'not-a-uuid' is not a 'uuid'")


def test_query_schema_only_in_its_range():
    controller = Controller()
    bad = {'limit': ['x']}
    assert controller.index(FakeRequest('2.4', query=bad)) == 'listed'
    assert controller.index(FakeRequest('2.5', query={'limit': ['5']})) == \
        'listed'
    message = _error(controller.index, FakeRequest('2.5', query=bad))
    assert message.startswith('Invalid input for query parameters limit. '
                              'Value: x.')
