"""Glance's eq:/in: filter operators (minova.image_api.filters) and the
image list with them."""

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
