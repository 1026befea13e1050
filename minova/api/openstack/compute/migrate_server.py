"""POST /servers/{id}/action: resize, confirmResize, revertResize and
migrate (cold migration, admin): a server moving to another host or
flavor, through compute/move_api.py."""

from minova.api.openstack.compute.schemas import server_moves as schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api
from minova.compute import move_api


class MigrateServerController:
    def __init__(self):
        self.move_api = move_api.MoveAPI()
        self.compute_api = compute_api.API()

    def _instance(self, req, id, rule):
        instance = self.compute_api.get(req.context, id)
        req.context.can('os_compute_api:' + rule,
                        {'project_id': instance.project_id})
        return instance

    @wsgi.response(202)
    @wsgi.action('resize')
    @validation.schema(schema.resize)
    def _resize(self, req, id, body):
        instance = self._instance(req, id, 'servers:resize')
        self.move_api.resize(req.context, instance,
                             str(body['resize']['flavorRef']))

    @wsgi.response(204)
    @wsgi.action('confirmResize')
    @validation.schema(schema.confirm_resize)
    def _confirm_resize(self, req, id, body):
        instance = self._instance(req, id, 'servers:confirm_resize')
        self.move_api.confirm_resize(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('revertResize')
    @validation.schema(schema.revert_resize)
    def _revert_resize(self, req, id, body):
        instance = self._instance(req, id, 'servers:revert_resize')
        self.move_api.revert_resize(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('migrate')
    @validation.schema(schema.migrate)
    def _migrate(self, req, id, body):
        instance = self._instance(req, id, 'os-migrate-server:migrate')
        self.move_api.resize(req.context, instance)
