"""/os-floating-ips and /os-floating-ip-pools (nova-network proxy APIs,
gone from microversion 2.36 as in Nova)."""

from minova.api.openstack import wsgi
from minova.api import validation
from minova.network import floating_ip_api

MAX_PROXY_API_VERSION = '2.35'
_POLICY = 'os_compute_api:os-floating-ips'

allocate = {
    'type': ['object', 'null'],
    'properties': {'pool': {'type': ['string', 'null']}},
}


def view(fip):
    return {'id': fip.id, 'ip': fip.address, 'pool': fip.pool,
            'fixed_ip': fip.fixed_address, 'instance_id': fip.instance_uuid}


class FloatingIPController:
    def __init__(self):
        self.fip_api = floating_ip_api.FloatingIPAPI()

    def _authorize(self, req):
        req.context.can(_POLICY, {'project_id': req.context.project_id})

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def index(self, req):
        self._authorize(req)
        return {'floating_ips': [view(f) for f in
                                 self.fip_api.get_all(req.context)]}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def show(self, req, id):
        self._authorize(req)
        return {'floating_ip': view(self.fip_api.get(req.context, id))}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @validation.schema(allocate)
    def create(self, req, body=None):
        self._authorize(req)
        pool = (body or {}).get('pool')
        return {'floating_ip': view(self.fip_api.allocate(req.context,
                                                          pool))}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @wsgi.response(202)
    def delete(self, req, id):
        self._authorize(req)
        self.fip_api.release(req.context, self.fip_api.get(req.context, id))


class FloatingIPPoolsController:
    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def index(self, req):
        req.context.can('os_compute_api:os-floating-ip-pools')
        return {'floating_ip_pools': [
            {'name': name} for name in floating_ip_api.FloatingIPAPI.pools()]}
