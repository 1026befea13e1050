"""/servers/{server_id}/ips: a server's addresses by network label, at
every microversion (read from its network info cache)."""

from minova.api.openstack.compute.views import addresses as view
from minova.compute import api as compute_api
from minova import exception


class IPsController:
    def __init__(self):
        self.compute_api = compute_api.API()

    def _networks(self, req, server_id, rule):
        instance = self.compute_api.get(req.context, server_id,
                                        expected_attrs=['info_cache'])
        req.context.can('os_compute_api:ips:%s' % rule,
                        {'project_id': instance.project_id})
        return view.by_label(view.network_info(instance))

    def index(self, req, server_id):
        return {'addresses': self._networks(req, server_id, 'index')}

    def show(self, req, server_id, id):
        networks = self._networks(req, server_id, 'show')
        if id not in networks:
            raise exception.NotFound(
                'Instance is not a member of specified network')
        return {id: networks[id]}
