"""/servers/{server_id}/os-interface: a server's interfaces, read-only.

Each nova-network VIF shows as a port: port_id is the VIF's id, net_id its
network's, and (one subnet per network) subnet_id the network id too.
Attaching and detaching would need a Networking service.
"""

from minova.api.openstack.compute.views import addresses
from minova.compute import api as compute_api
from minova import exception
from minova.network import model


def _attachment(vif):
    return {'port_id': vif['id'], 'net_id': vif['network']['id'],
            'mac_addr': vif['address'], 'port_state': 'ACTIVE',
            'fixed_ips': [{'subnet_id': vif['network']['id'],
                           'ip_address': ip['address']}
                          for ip in model.fixed_ips(vif)]}


class InterfaceAttachmentController:
    def __init__(self):
        self.compute_api = compute_api.API()

    def _vifs(self, req, server_id):
        instance = self.compute_api.get(req.context, server_id,
                                        expected_attrs=['info_cache'])
        req.context.can('os_compute_api:os-attach-interfaces',
                        {'project_id': instance.project_id})
        return addresses.network_info(instance)

    def index(self, req, server_id):
        return {'interfaceAttachments': [
            _attachment(vif) for vif in self._vifs(req, server_id)]}

    def show(self, req, server_id, id):
        for vif in self._vifs(req, server_id):
            if vif['id'] == id:
                return {'interfaceAttachment': _attachment(vif)}
        raise exception.PortNotFound(port_id=id)
