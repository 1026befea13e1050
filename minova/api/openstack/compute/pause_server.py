"""POST /servers/{id}/action {"pause": null} and {"unpause": null}."""

from minova.api.openstack.compute import server_action_base
from minova.api.openstack import wsgi


class PauseServerController(server_action_base.ServerActionController):

    @wsgi.response(202)
    @wsgi.action('pause')
    def _pause(self, req, id, body):
        instance = self._instance(req, id, 'os-pause-server:pause')
        self.compute_api.pause(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('unpause')
    def _unpause(self, req, id, body):
        instance = self._instance(req, id, 'os-pause-server:unpause')
        self.compute_api.unpause(req.context, instance)
