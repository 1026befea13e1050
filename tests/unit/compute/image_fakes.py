"""An image service in memory for the snapshot, backup and shelve tests:
what minova.image.glance.API offers, on a dict."""

import itertools

from oslo_utils import uuidutils

from minova import exception
from tests.unit.compute import fakes

_ORDER = itertools.count()


class FakeImageAPI:
    def __init__(self):
        self.images = {fakes.IMAGE['id']: dict(fakes.IMAGE)}
        self.uploads = {}

    def show(self, context, image_id):
        try:
            return dict(self.images[image_id])
        except KeyError:
            raise exception.ImageNotFound(image_id=image_id)

    def create(self, context, image_meta):
        image = dict(image_meta, id=uuidutils.generate_uuid(),
                     status='queued', order=next(_ORDER))
        self.images[image['id']] = image
        return dict(image)

    def upload(self, context, image_id, path, disk_format=None,
               container_format='bare'):
        image = self.images[image_id]
        with open(path, 'rb') as data:
            self.uploads[image_id] = data.read()
        image.update(status='active', disk_format=disk_format,
                     container_format=container_format)

    def delete(self, context, image_id):
        if self.images.pop(image_id, None) is None:
            raise exception.ImageNotFound(image_id=image_id)

    def list(self, context, filters=None):
        wanted = {k: v for k, v in (filters or {}).items()
                  if not k.startswith('sort')}
        found = [dict(i) for i in self.images.values()
                 if all(i.get('properties', {}).get(k) == v
                        for k, v in wanted.items())]
        return sorted(found, key=lambda i: i['order'], reverse=True)
