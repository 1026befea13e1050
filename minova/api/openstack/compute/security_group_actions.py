"""POST /servers/{id}/action {"addSecurityGroup" | "removeSecurityGroup":
{"name": ...}}: a running server joins or leaves a group; its filter on
the compute host follows at once (every microversion, as in Nova)."""

from minova.api.openstack.compute.schemas import security_groups as schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api
from minova.network import security_group_api

_POLICY = 'os_compute_api:os-security-groups:%s'


class SecurityGroupActionController:
    def __init__(self):
        self.sg_api = security_group_api.SecurityGroupAPI()
        self.compute_api = compute_api.API()

    def _instance(self, req, id, policy):
        instance = self.compute_api.get(req.context, id)
        req.context.can(_POLICY % policy,
                        {'project_id': instance.project_id})
        return instance

    @wsgi.response(202)
    @wsgi.action('addSecurityGroup')
    @validation.schema(schema.add_security_group)
    def add_security_group(self, req, id, body):
        instance = self._instance(req, id, 'add')
        self.sg_api.add_to_instance(req.context, instance,
                                    body['addSecurityGroup']['name'])

    @wsgi.response(202)
    @wsgi.action('removeSecurityGroup')
    @validation.schema(schema.remove_security_group)
    def remove_security_group(self, req, id, body):
        instance = self._instance(req, id, 'remove')
        self.sg_api.remove_from_instance(
            req.context, instance, body['removeSecurityGroup']['name'])
