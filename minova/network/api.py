"""What the rest of minova uses of networking.

As nova-network's API class did: reading networks and validating a boot's
requested networks happen here, on the objects (the API has the
database); taking and giving back addresses are RPC calls to
minova-network, which also owns the host side (bridge, DHCP). Compute
only ever uses the two RPC methods.
"""

import netaddr
from oslo_utils import uuidutils

import minova.conf
from minova import exception
from minova.network import ipam
from minova.network import rpcapi as network_rpcapi
from minova import objects

CONF = minova.conf.CONF


def choose_default_networks(networks, default_name):
    """The networks a boot that names none joins.

    ``[network] default_network`` (a label or uuid) picks one; without it
    the only network, none when there is none, and NetworkAmbiguous when
    there are several to choose from.
    """
    if default_name:
        chosen = [n for n in networks
                  if default_name in (n.uuid, n.label)][:1]
        if not chosen:
            raise exception.NetworkNotFoundForCreate(network_id=default_name)
        return chosen
    if len(networks) > 1:
        raise exception.NetworkAmbiguous()
    return list(networks)


class API:
    def __init__(self):
        self._rpcapi = None

    @property
    def network_rpcapi(self):
        # Made on first use: minova-manage has no RPC transport.
        if self._rpcapi is None:
            self._rpcapi = network_rpcapi.NetworkAPI()
        return self._rpcapi

    # -- networks ---------------------------------------------------------

    def get_all(self, context):
        return objects.NetworkList.get_all(context)

    def get(self, context, network_uuid):
        return objects.Network.get_by_uuid(context, network_uuid)

    def create(self, context, label, cidr, bridge, gateway=None, dns=()):
        """A new network; its reserved addresses are taken at once."""
        if not bridge or len(bridge) > 15 or not all(
                c.isalnum() or c in '_.-' for c in bridge):
            raise exception.InvalidNetwork(
                reason='bridge %r is not a valid interface name (at most '
                       '15 letters, digits, "_", "." or "-")' % bridge)
        values = ipam.network_values(cidr, gateway, dns)
        new = netaddr.IPNetwork(values['cidr'])
        for other in self.get_all(context):
            if new in netaddr.IPNetwork(other.cidr) or \
                    netaddr.IPNetwork(other.cidr) in new:
                raise exception.CidrConflict(cidr=values['cidr'],
                                             other=other.cidr)
        network = objects.Network(context, uuid=uuidutils.generate_uuid(),
                                  label=label, bridge=bridge, **values)
        network.create(reserved_addresses=ipam.reserved_addresses(network))
        return network

    def delete(self, context, network_uuid):
        """NetworkInUse while a server has an address on it. The host side
        goes at minova-network's next host sync."""
        self.get(context, network_uuid).destroy()

    def default_networks(self, context):
        return choose_default_networks(self.get_all(context),
                                       CONF.network.default_network)

    def validate_networks(self, context, requested_networks):
        """Raise what Nova's API answers for networks a boot cannot have:
        400 for an unknown network or an address outside it, reserved or
        taken; 409 when the default network is ambiguous."""
        if requested_networks is None:
            self.default_networks(context)
            return
        for request in requested_networks:
            try:
                network = self.get(context, request['uuid'])
            except exception.NetworkNotFound:
                raise exception.NetworkNotFoundForCreate(
                    network_id=request['uuid'])
            address = request.get('fixed_ip')
            if address:
                ipam.check_requested_address(network, address)
                for taken in objects.FixedIPList.get_by_network(
                        context, network.id):
                    if taken.address == str(netaddr.IPAddress(address)):
                        raise exception.FixedIpAlreadyInUse(
                            address=address,
                            instance_uuid=taken.instance_uuid)

    # -- an instance's addresses (RPC to minova-network) ------------------

    def allocate_for_instance(self, context, instance, requested_networks):
        return self.network_rpcapi.allocate_for_instance(
            context, instance.uuid, requested_networks, instance.host)

    def deallocate_for_instance(self, context, instance):
        self.network_rpcapi.deallocate_for_instance(
            context, instance.uuid, instance.host)
