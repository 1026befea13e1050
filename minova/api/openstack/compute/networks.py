"""/os-networks: the networks servers can be booted on, read-only.

A nova-network proxy API: microversion 2.36 removed it, so from 2.36 on it
answers 404 as Nova does (the server body and /ips still show addresses).
"""

from minova.api.openstack.compute.views import networks as view
from minova.api.openstack import wsgi
from minova.network import api as network_api

MAX_PROXY_API_VERSION = '2.35'


class NetworkController:
    def __init__(self):
        self.network_api = network_api.API()

    @staticmethod
    def _authorize(req):
        req.context.can('os_compute_api:os-networks:view',
                        {'project_id': req.context.project_id})

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def index(self, req):
        self._authorize(req)
        return {'networks': [view.network(req.context, net) for net in
                             self.network_api.get_all(req.context)]}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def show(self, req, id):
        self._authorize(req)
        return {'network': view.network(
            req.context, self.network_api.get(req.context, id))}
