"""/servers/{server_id}/tags (2.26): a server's tags.

GET lists, PUT replaces all, DELETE removes all; /tags/{tag} checks
(204/404), adds (201 with Location, 204 if it was there) or deletes
one. A server has at most 50 tags of 1-60 characters without '/' or
','. Changes need a server at rest (not building, not in error).
"""

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import server_data as schema
from minova.api.openstack.compute import server_action_base as base
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception

_TAGS = '2.26'


def _check_tag(tag):
    import jsonschema  # as minova.api.validation: at the first use
    try:
        jsonschema.validate(tag, schema.tag)
    except jsonschema.ValidationError as error:
        raise exception.InvalidInput(
            "Tag '%s' is invalid. It must be a non empty string without "
            "characters '/' and ','. Validation error message: %s"
            % (tag, error.message))


class ServerTagsController(base.ServerActionController):

    @wsgi.versions(_TAGS)
    def index(self, req, server_id):
        instance = self._instance(req, server_id, 'os-server-tags:index')
        return {'tags': list(instance.tags)}

    @wsgi.versions(_TAGS)
    @wsgi.response(204)
    def show(self, req, server_id, id):
        instance = self._instance(req, server_id, 'os-server-tags:show')
        if id not in instance.tags:
            raise exception.InstanceTagNotFound(instance_id=server_id,
                                                tag=id)

    @wsgi.versions(_TAGS)
    @validation.schema(schema.update_all_tags)
    def update_all(self, req, server_id, body):
        instance = self._instance(req, server_id,
                                  'os-server-tags:update_all')
        return {'tags': self._save(req, instance, 'update tags',
                                   body['tags'])}

    @wsgi.versions(_TAGS)
    def update(self, req, server_id, id):
        _check_tag(id)
        instance = self._instance(req, server_id, 'os-server-tags:update')
        if len(instance.tags) >= schema.MAX_TAGS:
            raise exception.TooManyTags(limit=schema.MAX_TAGS)
        if id in instance.tags:
            return wsgi.ResponseObject(None, code=204)
        self._save(req, instance, 'update tag', instance.tags + [id])
        return wsgi.ResponseObject(None, code=201, headers={
            'Location': common.project_url(req, 'servers', server_id,
                                           'tags', id)})

    @wsgi.versions(_TAGS)
    @wsgi.response(204)
    def delete(self, req, server_id, id):
        instance = self._instance(req, server_id, 'os-server-tags:delete')
        if id not in instance.tags:
            raise exception.InstanceTagNotFound(instance_id=server_id,
                                                tag=id)
        self._save(req, instance, 'delete tag',
                   [t for t in instance.tags if t != id])

    @wsgi.versions(_TAGS)
    @wsgi.response(204)
    def delete_all(self, req, server_id):
        instance = self._instance(req, server_id,
                                  'os-server-tags:delete_all')
        self._save(req, instance, 'delete tags', [])

    def _save(self, req, instance, action, tags):
        with base.refused_as(action):
            return self.compute_api.set_instance_tags(req.context,
                                                      instance, tags)
