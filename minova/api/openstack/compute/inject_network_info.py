"""POST /servers/{id}/action {"injectNetworkInfo": null}: an admin asks
the compute host to hand the guest its network info again (one of Nova's
admin actions; a cast, 202)."""

from minova.api.openstack.compute.schemas import inject_network_info as \
    schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api


class InjectNetworkInfoController:
    def __init__(self):
        self.compute_api = compute_api.API()

    @wsgi.response(202)
    @wsgi.action('injectNetworkInfo')
    @validation.schema(schema.inject_network_info)
    def inject_network_info(self, req, id, body):
        context = req.context
        instance = self.compute_api.get(context, id)
        context.can('os_compute_api:os-admin-actions:inject_network_info',
                    {'project_id': instance.project_id})
        self.compute_api.inject_network_info(context, instance)
