"""POST /servers/{id}/action {"addFloatingIp": {"address", "fixed_address"}}
and {"removeFloatingIp": {"address"}}: up to microversion 2.43, as in
Nova (removed with the other nova-network proxies' actions)."""

from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api
from minova.network import floating_ip_api

MAX_VERSION = '2.43'

add_floating_ip = {
    'type': 'object',
    'properties': {'addFloatingIp': {
        'type': 'object',
        'properties': {'address': {'type': 'string', 'format': 'ipv4'},
                       'fixed_address': {'type': 'string',
                                         'format': 'ipv4'}},
        'required': ['address'],
        'additionalProperties': False}},
    'required': ['addFloatingIp'],
    'additionalProperties': False,
}

remove_floating_ip = {
    'type': 'object',
    'properties': {'removeFloatingIp': {
        'type': 'object',
        'properties': {'address': {'type': 'string', 'format': 'ipv4'}},
        'required': ['address'],
        'additionalProperties': False}},
    'required': ['removeFloatingIp'],
    'additionalProperties': False,
}


class FloatingIPActionController:
    def __init__(self):
        self.compute_api = compute_api.API()
        self.fip_api = floating_ip_api.FloatingIPAPI()

    def _instance(self, req, id):
        instance = self.compute_api.get(req.context, id)
        req.context.can('os_compute_api:os-floating-ips',
                        {'project_id': instance.project_id})
        return instance

    @wsgi.versions(max_version=MAX_VERSION)
    @wsgi.response(202)
    @wsgi.action('addFloatingIp')
    @validation.schema(add_floating_ip)
    def add_floating_ip(self, req, id, body):
        values = body['addFloatingIp']
        self.fip_api.associate(req.context, self._instance(req, id),
                               values['address'],
                               values.get('fixed_address'))

    @wsgi.versions(max_version=MAX_VERSION)
    @wsgi.response(202)
    @wsgi.action('removeFloatingIp')
    @validation.schema(remove_floating_ip)
    def remove_floating_ip(self, req, id, body):
        self.fip_api.disassociate(req.context, self._instance(req, id),
                                  body['removeFloatingIp']['address'])
