"""/images/{image_id}/metadata: an image's free-form properties through
the compute API (Nova's proxy, up to 2.38); each change is a JSON patch
to the image service."""

from minova.api.openstack.compute import images
from minova.api.openstack.compute.schemas import image_metadata as schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception
from minova.image import glance
from minova import quota


def _check_quota(context, metadata):
    """Nova counts an image's properties against metadata_items."""
    limit = quota.get_limits(context.project_id)['metadata_items']
    if 0 <= limit < len(metadata):
        raise exception.Forbidden(message='Image metadata limit exceeded')


class ImageMetadataController:
    def __init__(self):
        self.image_api = glance.API()

    def _properties(self, context, image_id):
        try:
            return self.image_api.show(context, image_id)['properties']
        except exception.ImageNotFound:
            raise images.image_not_found()

    def _save(self, context, image_id, properties):
        _check_quota(context, properties)
        try:
            return self.image_api.update_properties(
                context, image_id, properties)['properties']
        except exception.ImageNotFound:
            raise images.image_not_found()

    def index(self, req, image_id):
        return {'metadata': self._properties(req.context, image_id)}

    def show(self, req, image_id, id):
        properties = self._properties(req.context, image_id)
        if id not in properties:
            raise exception.NotFound(
                message='The resource could not be found.')
        return {'meta': {id: properties[id]}}

    @validation.schema(schema.create)
    def create(self, req, image_id, body):
        """Adds or changes the items given; the others stay."""
        properties = self._properties(req.context, image_id)
        properties.update(body['metadata'])
        return {'metadata': self._save(req.context, image_id, properties)}

    @validation.schema(schema.update_all)
    def update_all(self, req, image_id, body):
        """The items given become the whole set."""
        self._save(req.context, image_id, body['metadata'])
        return {'metadata': body['metadata']}

    @validation.schema(schema.update)
    def update(self, req, image_id, id, body):
        meta = body['meta']
        if id not in meta:
            raise exception.ValidationError(
                detail='Request body and URI mismatch')
        properties = self._properties(req.context, image_id)
        properties[id] = meta[id]
        self._save(req.context, image_id, properties)
        return {'meta': meta}

    @wsgi.response(204)
    def delete(self, req, image_id, id):
        properties = self._properties(req.context, image_id)
        if id not in properties:
            raise exception.NotFound(message='Invalid metadata key')
        del properties[id]
        self._save(req.context, image_id, properties)
