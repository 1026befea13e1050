"""PATCH /v2/images/{id} with Glance's JSON-patch dialect."""

import uuid

import pytest

from minova.image_api import exception
from minova.image_api import patch


def test_parse_path_unescapes_json_pointer():
    assert patch.parse_path('/name') == 'name'
    assert patch.parse_path('/a~1b~0c') == 'a/b~c'
    for bad in ('name', '/', '/a/b', '/a~2', 7):
        with pytest.raises(exception.InvalidPatch):
            patch.parse_path(bad)


def test_parse_rejects_malformed_bodies():
    for body in ({'op': 'add'}, ['add'], [{'op': 'move', 'path': '/a'}],
                 [{'op': 'add', 'path': '/a'}], [{'op': 'remove'}]):
        with pytest.raises(exception.InvalidPatch):
            patch.parse(body)


def test_apply_semantics():
    doc = {'name': 'a', 'min_ram': 0, 'hw_x': '1', 'tags': []}
    changes = patch.parse([
        {'op': 'add', 'path': '/hw_y', 'value': '2'},
        {'op': 'add', 'path': '/hw_x', 'value': '3'},  # add replaces
        {'op': 'replace', 'path': '/name', 'value': 'b'},
        {'op': 'remove', 'path': '/hw_y'},
    ])
    assert patch.apply(doc, changes, 'queued') == {
        'name': 'b', 'min_ram': 0, 'hw_x': '3', 'tags': []}
    assert doc['name'] == 'a'  # the input is not modified


@pytest.mark.parametrize('op,path,error', [
    ('replace', '/nope', exception.PropertyConflict),
    ('remove', '/nope', exception.PropertyConflict),
    ('remove', '/name', exception.Forbidden),
    ('replace', '/status', exception.Forbidden),
    ('replace', '/id', exception.Forbidden),
    ('add', '/deleted', exception.Forbidden),
    ('replace', '/disk_format', exception.Forbidden),
])
def test_apply_refusals(op, path, error):
    doc = {'name': 'a', 'disk_format': 'raw'}
    change = {'op': op, 'path': path, 'value': 'x'}
    with pytest.raises(error):
        patch.apply(doc, patch.parse([change]), 'active')


def _url(image):
    return '/v2/images/%s' % image['id']


def test_patch_properties_and_attributes(image_api):
    image = image_api.create(name='old', hw_a='1')
    kernel = str(uuid.uuid4())
    resp = image_api.patch(_url(image), [
        {'op': 'replace', 'path': '/name', 'value': 'new'},
        {'op': 'add', 'path': '/kernel_id', 'value': kernel},
        {'op': 'add', 'path': '/min_ram', 'value': 512},
        {'op': 'remove', 'path': '/hw_a'},
        {'op': 'add', 'path': '/tags', 'value': ['x', 'y', 'x']},
        {'op': 'add', 'path': '/owner_specified.openstack.md5',
         'value': ''},
    ])
    assert resp.status_int == 200, resp.text
    body = resp.json
    assert body['name'] == 'new'
    assert body['kernel_id'] == kernel
    assert body['min_ram'] == 512
    assert 'hw_a' not in body
    assert body['tags'] == ['x', 'y']
    assert image_api.get(_url(image)).json == body


def test_patch_errors_are_4xx(image_api):
    image = image_api.create()
    for ops, code in [
            ([{'op': 'replace', 'path': '/min_ram', 'value': 'lots'}], 400),
            ([{'op': 'replace', 'path': '/visibility', 'value': 'x'}], 400),
            ([{'op': 'add', 'path': '/hw_n', 'value': 4}], 400),
            ([{'op': 'add', 'path': '/kernel_id', 'value': 'k'}], 400),
            ([{'op': 'test', 'path': '/name', 'value': 'x'}], 400),
            ({'op': 'add'}, 400),
            ([{'op': 'replace', 'path': '/checksum', 'value': 'x'}], 403),
            ([{'op': 'remove', 'path': '/missing'}], 409)]:
        resp = image_api.patch(_url(image), ops)
        assert resp.status_int == code, (ops, resp.text)
    resp = image_api.request('PATCH', _url(image), body=b'[',
                             content_type=patch.MEDIA_TYPE)
    assert resp.status_int == 400
    resp = image_api.request('PATCH', _url(image), body=b'[]',
                             content_type='application/json')
    assert resp.status_int == 415
    resp = image_api.patch('/v2/images/%s' % uuid.uuid4(), [])
    assert resp.status_int == 404


def test_formats_change_only_while_queued(image_api):
    image = image_api.create(disk_format='raw')
    ops = [{'op': 'replace', 'path': '/disk_format', 'value': 'qcow2'}]
    assert image_api.patch(_url(image), ops).status_int == 200
    image_api.upload(image['id'], b'data')
    ops = [{'op': 'replace', 'path': '/disk_format', 'value': 'raw'}]
    assert image_api.patch(_url(image), ops).status_int == 403
    # Other attributes still change on an active image.
    ops = [{'op': 'replace', 'path': '/name', 'value': 'renamed'}]
    assert image_api.patch(_url(image), ops).json['status'] == 'active'


def test_null_schema_property_removes_it(image_api):
    image = image_api.create(kernel_id=str(uuid.uuid4()))
    resp = image_api.patch(_url(image), [
        {'op': 'replace', 'path': '/kernel_id', 'value': None}])
    assert resp.status_int == 200
    assert 'kernel_id' not in resp.json
