"""/servers/{server_id}/metadata: a server's key/value metadata.

GET lists, POST merges, PUT replaces all; /metadata/{key} shows, puts
or deletes one item. Changes need an active, paused, suspended or
stopped server that is not locked, and stay within the project's
metadata_items quota (403).
"""

from minova.api.openstack.compute.schemas import server_data as schema
from minova.api.openstack.compute import server_action_base as base
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception


class ServerMetadataController(base.ServerActionController):

    def index(self, req, server_id):
        instance = self._instance(req, server_id, 'server-metadata:index')
        return {'metadata': dict(instance.metadata)}

    @validation.schema(schema.create_metadata)
    def create(self, req, server_id, body):
        return {'metadata': self._update(req, server_id, 'create',
                                         body['metadata'], delete=False)}

    @validation.schema(schema.update_all_metadata)
    def update_all(self, req, server_id, body):
        return {'metadata': self._update(req, server_id, 'update_all',
                                         body['metadata'], delete=True)}

    def show(self, req, server_id, id):
        instance = self._instance(req, server_id, 'server-metadata:show')
        if id not in instance.metadata:
            raise exception.MetadataItemNotFound()
        return {'meta': {id: instance.metadata[id]}}

    @validation.schema(schema.update_metadata)
    def update(self, req, server_id, id, body):
        item = body['meta']
        if id not in item:
            raise exception.MetadataURIMismatch()
        self._update(req, server_id, 'update', item, delete=False)
        return {'meta': item}

    @wsgi.response(204)
    def delete(self, req, server_id, id):
        instance = self._instance(req, server_id, 'server-metadata:delete')
        with base.refused_as('delete metadata'):
            self.compute_api.delete_instance_metadata(req.context, instance,
                                                      id)

    def _update(self, req, server_id, rule, metadata, delete):
        instance = self._instance(req, server_id, 'server-metadata:' + rule)
        with base.refused_as('update metadata'):
            return self.compute_api.update_instance_metadata(
                req.context, instance, metadata, delete=delete)
