"""POST /servers/{id}/action {"os-resetState": {"state": "active"}}
(admin): set the vm_state and clear the task state, whatever runs."""

from minova.api.openstack.compute.schemas import server_states as schema
from minova.api.openstack.compute import server_action_base
from minova.api.openstack import wsgi
from minova.api import validation


class AdminActionsController(server_action_base.ServerActionController):

    @wsgi.response(202)
    @wsgi.action('os-resetState')
    @validation.schema(schema.reset_state)
    def _reset_state(self, req, id, body):
        instance = self._instance(req, id, 'os-admin-actions:reset_state')
        self.compute_api.reset_state(req.context, instance,
                                     body['os-resetState']['state'])
