"""POST /servers/{id}/action rescue and unrescue."""

from minova.api.openstack.compute.schemas import server_lifecycle as schema
from minova.api.openstack.compute import server_action
from minova.api.openstack.compute import servers
from minova.api.openstack import wsgi
from minova.api import validation


class RescueController(server_action.ServerActionController):
    @wsgi.action('rescue')
    @validation.schema(schema.rescue)
    def rescue(self, req, id, body):
        """200 with the password of the rescue boot."""
        instance = self._instance(req, id, 'os-rescue')
        entity = body['rescue'] or {}
        password = entity.get('adminPass') or \
            server_action.generate_password()
        image_ref = entity.get('rescue_image_ref')
        self.compute_api.rescue(
            req.context, instance, password,
            servers._ref_id(image_ref) if image_ref else None)
        return {'adminPass': password}

    @wsgi.response(202)
    @wsgi.action('unrescue')
    @validation.schema(schema.unrescue)
    def unrescue(self, req, id, body):
        instance = self._instance(req, id, 'os-unrescue')
        self.compute_api.unrescue(req.context, instance)
