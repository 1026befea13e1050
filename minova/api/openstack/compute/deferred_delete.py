"""POST /servers/{id}/action {"restore": null} and {"forceDelete": null}:
the two ends of a soft delete ([DEFAULT] reclaim_instance_interval)."""

from minova.api.openstack.compute import server_action_base
from minova.api.openstack import wsgi


class DeferredDeleteController(server_action_base.ServerActionController):

    @wsgi.response(202)
    @wsgi.action('restore')
    def _restore(self, req, id, body):
        instance = self._instance(req, id, 'os-deferred-delete')
        self.compute_api.restore(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('forceDelete')
    def _force_delete(self, req, id, body):
        instance = self._instance(req, id, 'os-deferred-delete')
        self.compute_api.force_delete(req.context, instance)
