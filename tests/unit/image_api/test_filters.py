"""Glance's eq:/in: filter operators (minova.image_api.filters) and the
image list with them."""

import datetime
import operator

import pytest

from minova.image_api import exception
from minova.image_api import filters


@pytest.mark.parametrize('value,parsed', [
    ('cirros', 'cirros'),
    ('eq:cirros', 'cirros'),
    ('in:a,b', ['a', 'b']),
    ('in:a', ['a']),
    ('in:"glass, darkly",share me', ['glass, darkly', 'share me']),
    ('in:a,,b', ['a', '', 'b']),
    ('in:"a\\"b",c', ['a\\"b', 'c']),
    ('2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z'),
])
def test_parse(value, parsed):
    assert filters.parse(value) == parsed


@pytest.mark.parametrize('value,op', [
    ('gte:2026-01-02T03:04:05Z', operator.ge),
    ('gt:2026-01-02T03:04:05Z', operator.gt),
    ('lt:2026-01-02T03:04:05+01:00', operator.lt),
    ('lte:2026-01-02T03:04:05Z', operator.le),
    ('neq:2026-01-02T03:04:05Z', operator.ne),
    ('2026-01-02T03:04:05Z', operator.eq),
    ('eq:2026-01-02T03:04:05Z', operator.eq),
])
def test_parse_time(value, op):
    comparison, when = filters.parse_time('updated_at', value)
    assert comparison is op
    hour = 2 if '+01:00' in value else 3
    assert when == datetime.datetime(2026, 1, 2, hour, 4, 5)


@pytest.mark.parametrize('value,message', [
    ('in:2026-01-02T03:04:05Z', 'Unable to filter on a unknown operator.'),
    ('gte:yesterday', 'Bad "updated_at" query filter format. Use ISO 8601 '
                      'DateTime notation.'),
])
def test_parse_time_refuses(value, message):
    with pytest.raises(exception.BadRequest) as error:
        filters.parse_time('updated_at', value)
    assert error.value.format_message().endswith(message)


def test_list_by_time(image_api):
    old = image_api.create(name='old')
    stamp = image_api.get('/v2/images/%s' % old['id']).json['created_at']
    later = datetime.datetime.strptime(stamp, '%Y-%m-%dT%H:%M:%SZ') + \
        datetime.timedelta(seconds=1)
    later = later.strftime('%Y-%m-%dT%H:%M:%SZ')

    def names(query):
        resp = image_api.get('/v2/images' + query)
        assert resp.status_int == 200, resp.text
        return [i['name'] for i in resp.json['images']]

    assert names('?updated_at=gte:%s' % stamp) == ['old']
    assert names('?updated_at=gte:%s' % later) == []
    assert names('?created_at=lt:%s' % later) == ['old']
    assert image_api.get('/v2/images?created_at=gte:soon').status_int == \
        400


@pytest.mark.parametrize('value,message', [
    ('gt:5', "Unable to filter by unknown operator 'gt'."),
    ('in:a"b"', 'There is no comma before opening quotation mark.'),
    ('in:"a"b', 'There is no comma after closing quotation mark.'),
    ('in:"a,b', 'The quote is not closed.'),
])
def test_parse_refuses(value, message):
    with pytest.raises(exception.BadRequest) as error:
        filters.parse(value)
    assert error.value.format_message().endswith(message)


def test_list_with_in_filters(image_api):
    a = image_api.create(name='a', disk_format='qcow2')
    b = image_api.create(name='glass, darkly', disk_format='raw')
    c = image_api.create(name='c', disk_format='iso')

    def ids(query):
        resp = image_api.get('/v2/images' + query)
        assert resp.status_int == 200, resp.text
        return sorted(i['id'] for i in resp.json['images'])

    assert ids('?id=in:%s,%s' % (a['id'], c['id'])) == sorted(
        [a['id'], c['id']])
    assert ids('?id=eq:%s' % b['id']) == [b['id']]
    assert ids('?name=in:"glass,%20darkly",a') == sorted([a['id'], b['id']])
    assert ids('?name=in:glass,a') == [a['id']]
    assert ids('?disk_format=in:raw,iso&name=in:c,a') == [c['id']]
    assert ids('?status=in:queued,saving') == sorted(
        [a['id'], b['id'], c['id']])
    assert ids('?id=in:%s' % '00000000-0000-0000-0000-000000000000') == []
    for query in ('?name=gt:a', '?id=in:"x'):
        assert image_api.get('/v2/images' + query).status_int == 400


def test_list_by_min_ram_and_min_disk(image_api):
    small = image_api.create(name='small', min_ram=64)
    big = image_api.create(name='big', min_ram=512, min_disk=2)

    def ids(query):
        resp = image_api.get('/v2/images' + query)
        assert resp.status_int == 200, resp.text
        return [i['id'] for i in resp.json['images']]

    assert ids('?min_ram=64') == [small['id']]
    assert ids('?min_disk=2') == [big['id']]
    assert image_api.get('/v2/images?min_ram=lots').status_int == 400


def test_query_string_not_utf8_is_400(image_api):
    resp = image_api.get('/v2/images?name=%ff')
    assert resp.status_int == 400, resp.text
    assert 'UTF-8' in resp.text


@pytest.mark.parametrize('param', ['size_max', 'size_min', 'limit'])
def test_an_integer_too_large_for_a_column_is_400(image_api, param):
    resp = image_api.get('/v2/images?%s=%d' % (param, 10 ** 30))
    assert resp.status_int == 400, resp.text
    assert 'at most' in resp.text
