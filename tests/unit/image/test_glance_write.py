"""minova.image.glance: delete and property updates (the compute API's
image proxy) against the image API app on a local port."""

import uuid

import pytest

from minova import exception
from minova.image import glance
from tests.unit.image import server


def test_properties_patch():
    assert glance.properties_patch(
        {'a': '1', 'b': '2', 'c/d': 'x'}, {'a': '1', 'b': '3', 'e': '5'}) \
        == [{'op': 'remove', 'path': '/c~1d'},
            {'op': 'replace', 'path': '/b', 'value': '3'},
            {'op': 'add', 'path': '/e', 'value': '5'}]
    assert glance.properties_patch({'a': '1'}, {'a': '1'}) == []


def test_update_properties(image_service, ctx):
    image = server.make_image(image_service, name='x',
                              hw_disk_bus='virtio', old='1')
    updated = glance.API().update_properties(
        ctx, image['id'], {'hw_disk_bus': 'scsi', 'new': 'v'})
    assert updated['properties'] == {'hw_disk_bus': 'scsi', 'new': 'v'}
    assert updated['name'] == 'x'
    assert glance.API().show(ctx, image['id'])['properties'] == \
        updated['properties']


def test_delete(image_service, ctx):
    image = server.make_image(image_service)
    glance.API().delete(ctx, image['id'])
    with pytest.raises(exception.ImageNotFound):
        glance.API().show(ctx, image['id'])
    with pytest.raises(exception.ImageNotFound):
        glance.API().delete(ctx, str(uuid.uuid4()))


def test_delete_of_a_protected_image_is_not_authorized(image_service, ctx):
    image = server.make_image(image_service, protected=True)
    with pytest.raises(exception.ImageNotAuthorized):
        glance.API().delete(ctx, image['id'])


def test_glance_url(conf):
    conf.config(api_servers=['http://img:9292/v2/', 'http://b'],
                group='glance')
    assert glance.glance_url() == 'http://img:9292'
