"""POST /servers/{id}/action createImage and createBackup: images made
from a server's disk. 202 with the image's Location (its id in the body
from 2.45, as Nova)."""

from minova.api.openstack.compute.schemas import server_lifecycle as schema
from minova.api.openstack.compute import server_action
from minova.api.openstack import wsgi
from minova.api import validation


def _accepted(req, image_id, location=True):
    if req.ver('2.45'):
        return {'image_id': image_id}
    headers = {'Location': server_action.image_url(image_id)} \
        if location else {}
    return wsgi.ResponseObject(None, headers=headers)


class ServerImagesController(server_action.ServerActionController):
    @wsgi.response(202)
    @wsgi.action('createImage')
    @validation.schema(schema.create_image)
    def create_image(self, req, id, body):
        instance = self._instance(req, id, 'servers:create_image')
        entity = body['createImage']
        image = self.compute_api.snapshot(
            req.context, instance, entity['name'],
            extra_properties=entity.get('metadata'))
        return _accepted(req, image['id'])

    @wsgi.response(202)
    @wsgi.action('createBackup')
    @validation.schema(schema.create_backup)
    def create_backup(self, req, id, body):
        instance = self._instance(req, id, 'os-create-backup')
        entity = body['createBackup']
        rotation = int(entity['rotation'])
        image = self.compute_api.backup(
            req.context, instance, entity['name'], entity['backup_type'],
            rotation, extra_properties=entity.get('metadata'))
        # Nova names no Location for a backup that rotation 0 deletes.
        return _accepted(req, image['id'], location=rotation > 0)
