"""POST /servers/{id}/action {"lock": null} and {"unlock": null}.

A locked server refuses every other action to non-admins with 409;
unlocking what an admin locked takes the unlock_override rule.
"""

from minova.api.openstack.compute import server_action_base
from minova.api.openstack import wsgi


class LockServerController(server_action_base.ServerActionController):

    @wsgi.response(202)
    @wsgi.action('lock')
    def _lock(self, req, id, body):
        instance = self._instance(req, id, 'os-lock-server:lock')
        self.compute_api.lock(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('unlock')
    def _unlock(self, req, id, body):
        context = req.context
        instance = self._instance(req, id, 'os-lock-server:unlock')
        if not self.compute_api.is_expected_locked_by(context, instance):
            context.can('os_compute_api:os-lock-server:unlock:'
                        'unlock_override',
                        {'project_id': instance.project_id})
        self.compute_api.unlock(context, instance)
