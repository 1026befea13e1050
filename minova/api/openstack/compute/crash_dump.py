"""POST /servers/{id}/action {"trigger_crash_dump": null} (2.17): an NMI
to the guest, whose kernel may dump and reboot."""

from minova.api.openstack.compute.schemas import server_states as schema
from minova.api.openstack.compute import server_action_base
from minova.api.openstack import wsgi
from minova.api import validation


class CrashDumpController(server_action_base.ServerActionController):

    @wsgi.response(202)
    @wsgi.action('trigger_crash_dump')
    @wsgi.versions('2.17')
    @validation.schema(schema.trigger_crash_dump)
    def _trigger_crash_dump(self, req, id, body):
        instance = self._instance(req, id, 'servers:trigger_crash_dump')
        self.compute_api.trigger_crash_dump(req.context, instance)
