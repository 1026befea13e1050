"""POST /servers/{id}/action {"suspend": null} and {"resume": null}."""

from minova.api.openstack.compute import server_action_base
from minova.api.openstack import wsgi


class SuspendServerController(server_action_base.ServerActionController):

    @wsgi.response(202)
    @wsgi.action('suspend')
    def _suspend(self, req, id, body):
        instance = self._instance(req, id, 'os-suspend-server:suspend')
        self.compute_api.suspend(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('resume')
    def _resume(self, req, id, body):
        instance = self._instance(req, id, 'os-suspend-server:resume')
        self.compute_api.resume(req.context, instance)
