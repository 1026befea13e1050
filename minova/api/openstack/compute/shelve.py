"""POST /servers/{id}/action shelve, shelveOffload (admin), unshelve."""

from minova.api.openstack.compute.schemas import server_lifecycle as schema
from minova.api.openstack.compute import server_action
from minova.api.openstack import wsgi
from minova.api import validation


class ShelveController(server_action.ServerActionController):
    @wsgi.response(202)
    @wsgi.action('shelve')
    @validation.schema(schema.shelve)
    def shelve(self, req, id, body):
        instance = self._instance(req, id, 'os-shelve:shelve')
        self.compute_api.shelve(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('shelveOffload')
    @validation.schema(schema.shelve_offload)
    def shelve_offload(self, req, id, body):
        instance = self._instance(req, id, 'os-shelve:shelve_offload')
        self.compute_api.shelve_offload(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('unshelve')
    @validation.schema(schema.unshelve)
    def unshelve(self, req, id, body):
        instance = self._instance(req, id, 'os-shelve:unshelve')
        self.compute_api.unshelve(req.context, instance)
