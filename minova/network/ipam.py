"""IP address management: a network's addresses, which are reserved,
and taking a free one, or a MAC, without races between processes.

A taken address is a row in ``fixed_ips``; the unique (network_id,
address) constraint lets only one of two concurrent allocations of an
address insert it. The loser reads the taken addresses again and tries
another one. The first try takes the lowest free address (as nova-network
did); retries pick at random among the free ones, so many allocations
that lost together spread out instead of colliding again.
"""

import random

import netaddr
from oslo_log import log as logging
from oslo_utils import uuidutils

from minova import exception
from minova import objects

LOG = logging.getLogger(__name__)

# /30 is the smallest network with a usable address (network, gateway,
# one guest, broadcast); /16 keeps the free-address scan small.
MIN_PREFIX = 16
MAX_PREFIX = 30


def network_values(cidr, gateway=None, dns=()):
    """Column values of a new network from what an admin gives.

    The gateway defaults to the first host address; the DHCP server sits
    on the gateway address (in the network's namespace).
    """
    try:
        net = netaddr.IPNetwork(cidr)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise exception.InvalidNetwork(reason='%s is not a CIDR' % cidr)
    if net.version != 4:
        raise exception.InvalidNetwork(reason='only IPv4 networks')
    if not MIN_PREFIX <= net.prefixlen <= MAX_PREFIX:
        raise exception.InvalidNetwork(
            reason='the prefix length must be between /%d and /%d'
                   % (MIN_PREFIX, MAX_PREFIX))
    if net.ip != net.network:
        raise exception.InvalidNetwork(
            reason='%s has host bits set (did you mean %s?)'
                   % (cidr, net.cidr))
    gateway = netaddr.IPAddress(gateway) if gateway else net.network + 1
    if gateway not in net or gateway in (net.network, net.broadcast):
        raise exception.InvalidNetwork(
            reason='gateway %s is not a host address of %s' % (gateway, net))
    dns = [str(netaddr.IPAddress(d)) for d in dns if d][:2]
    return {'cidr': str(net.cidr), 'netmask': str(net.netmask),
            'broadcast': str(net.broadcast), 'gateway': str(gateway),
            'dhcp_server': str(gateway),
            'dns1': dns[0] if dns else None,
            'dns2': dns[1] if len(dns) > 1 else None}


def reserved_addresses(network):
    """Addresses of ``network`` no server may have."""
    net = netaddr.IPNetwork(network.cidr)
    reserved = {str(net.network), str(net.broadcast)}
    for address in (network.gateway, network.dhcp_server):
        if address:
            reserved.add(address)
    return sorted(reserved, key=netaddr.IPAddress)


def check_requested_address(network, address):
    """400 unless ``address`` could be given to a server on ``network``."""
    try:
        ip = netaddr.IPAddress(address)
    except (netaddr.AddrFormatError, ValueError):
        raise exception.FixedIpNotFoundForNetwork(address=address,
                                                  network_uuid=network.uuid)
    if ip not in netaddr.IPNetwork(network.cidr):
        raise exception.FixedIpNotFoundForNetwork(address=address,
                                                  network_uuid=network.uuid)
    if str(ip) in reserved_addresses(network):
        raise exception.FixedIpReserved(address=address,
                                        network_uuid=network.uuid)


def free_addresses(network, taken):
    """Host addresses of ``network`` not in ``taken``, lowest first."""
    for ip in netaddr.IPNetwork(network.cidr).iter_hosts():
        if str(ip) not in taken:
            yield str(ip)


def _taken(context, network):
    return {ip.address: ip for ip in
            objects.FixedIPList.get_by_network(context, network.id)}


def allocate_fixed_ip(context, network, instance_uuid, vif_id,
                      address=None, attempts=100):
    """Take ``address`` (or any free one) of ``network`` for the VIF.

    Raises FixedIpAlreadyInUse for a requested address someone has, and
    NoMoreFixedIps when the network is full.
    """
    if address is not None:
        check_requested_address(network, address)
        try:
            return _insert(context, network, address, instance_uuid, vif_id)
        except exception.FixedIpExists:
            holder = _taken(context, network).get(address)
            raise exception.FixedIpAlreadyInUse(
                address=address,
                instance_uuid=holder.instance_uuid if holder else None)
    for attempt in range(attempts):
        free = free_addresses(network, _taken(context, network))
        if attempt == 0:
            candidate = next(free, None)
        else:
            free = list(free)
            candidate = random.choice(free) if free else None
        if candidate is None:
            raise exception.NoMoreFixedIps(net=network.label or network.uuid)
        try:
            return _insert(context, network, candidate, instance_uuid,
                           vif_id)
        except exception.FixedIpExists:
            LOG.debug('Address %s of network %s was taken meanwhile '
                      '(attempt %d); trying another', candidate,
                      network.uuid, attempt + 1)
    raise exception.NoMoreFixedIps(net=network.label or network.uuid)


def _insert(context, network, address, instance_uuid, vif_id):
    fixed_ip = objects.FixedIP(context, network_id=network.id,
                               address=address, allocated=True,
                               reserved=False, instance_uuid=instance_uuid,
                               virtual_interface_id=vif_id)
    fixed_ip.create()
    return fixed_ip


def generate_mac(base_mac):
    """``base_mac`` with its last three octets random."""
    octets = base_mac.split(':')[:3]
    octets += ['%02x' % random.randint(0x00, 0xff) for _ in range(3)]
    return ':'.join(octets)


def create_vif(context, network, instance_uuid, base_mac, attempts=5):
    """A new VirtualInterface with a MAC no other interface has."""
    for _attempt in range(attempts):
        vif = objects.VirtualInterface(
            context, uuid=uuidutils.generate_uuid(),
            address=generate_mac(base_mac), network_id=network.id,
            instance_uuid=instance_uuid)
        try:
            vif.create()
            return vif
        except exception.VirtualInterfaceExists:
            continue
    raise exception.VirtualInterfaceMacAddressException()
