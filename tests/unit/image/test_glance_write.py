"""minova.image.glance: delete and property updates (the compute API's
image proxy) against the image API app on a local port."""

import os
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


def test_an_upload_retried_after_a_5xx_sends_the_whole_file(conf, ctx,
                                                          tmp_path):
    """The first attempt reads the file to its end and gets a 503; the
    retry must send the file from its start, not an empty body."""
    bodies = []

    def app(environ, start_response):
        length = int(environ.get('CONTENT_LENGTH') or 0)
        bodies.append(environ['wsgi.input'].read(length))
        if len(bodies) == 1:
            start_response('503 Service Unavailable',
                           [('Content-Type', 'text/plain')])
            return [b'busy']
        start_response('204 No Content', [])
        return [b'']

    data = os.urandom(200000)
    path = tmp_path / 'disk'
    path.write_bytes(data)
    with server.serve(app) as url:
        conf.config(api_servers=[url], num_retries=1, group='glance')
        glance.API().upload(ctx, 'image-1', str(path))
    assert [len(body) for body in bodies] == [len(data), len(data)]
    assert bodies[1] == data
