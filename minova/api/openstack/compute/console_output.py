"""POST /servers/{id}/action {"os-getConsoleOutput": {"length": N}}."""

from minova.api.openstack.compute.schemas import servers as schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api


class ConsoleOutputController:
    def __init__(self):
        self.compute_api = compute_api.API()

    @wsgi.action('os-getConsoleOutput')
    @validation.schema(schema.get_console_output)
    def get_console_output(self, req, id, body):
        context = req.context
        instance = self.compute_api.get(context, id)
        context.can('os_compute_api:os-console-output',
                    {'project_id': instance.project_id})
        length = body['os-getConsoleOutput'].get('length')
        # -1 and null both mean the whole log, as in Nova.
        length = None if length in (None, -1, '-1') else int(length)
        output = self.compute_api.get_console_output(context, instance,
                                                     length)
        return {'output': output}
