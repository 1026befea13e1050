"""/v2.0/networks and /v2.0/subnets: minova-network's fixed networks
(shared by every project, as nova-network's flat networks are) and its
floating IP pools, each shown as an external network (``router:external``)
named after the pool, which ``openstack floating ip create <pool>`` finds.
Read only: networks are an operator's (``minova-manage network``)."""

import netaddr

from minova.api.networking import common
from minova import exception
from minova.network import floating_ip_api
from minova import objects

_NETWORK_KEYS = ('id', 'name', 'router:external', 'shared', 'status',
                 'project_id', 'tenant_id')
_SUBNET_KEYS = ('id', 'name', 'network_id', 'cidr', 'ip_version')


def _network(net_id, name, external, subnets):
    return dict(common.project_fields(''), **{
        'id': net_id, 'name': name, 'status': 'ACTIVE',
        'admin_state_up': True, 'shared': not external,
        'router:external': external, 'subnets': subnets, 'mtu': 1500,
        'availability_zones': ['nova'], 'is_default': external,
        'port_security_enabled': True, 'description': '', 'tags': [],
        'revision_number': 0, 'created_at': None, 'updated_at': None})


def fixed_network_view(network):
    return _network(network.uuid, network.label or network.uuid, False,
                    [common.subnet_id(network.uuid)])


def pool_view(pool):
    return _network(common.pool_network_id(pool), pool, True, [])


def subnet_view(network):
    dns = [d for d in (network.dns1, network.dns2) if d]
    first = netaddr.IPNetwork(network.cidr)
    return dict(common.project_fields(''), **{
        'id': common.subnet_id(network.uuid),
        'name': network.label or '', 'network_id': network.uuid,
        'ip_version': 4, 'cidr': network.cidr,
        'gateway_ip': network.gateway, 'enable_dhcp': True,
        'dns_nameservers': dns, 'host_routes': [],
        'allocation_pools': [{'start': str(first[2]),
                              'end': str(first[-2])}],
        'ipv6_ra_mode': None, 'ipv6_address_mode': None,
        'subnetpool_id': None, 'description': '', 'tags': [],
        'revision_number': 0, 'created_at': None, 'updated_at': None})


def all_networks(context):
    """Views of every network: the fixed ones, then the pools."""
    return [fixed_network_view(n)
            for n in objects.NetworkList.get_all(context)] + \
        [pool_view(p) for p in floating_ip_api.FloatingIPAPI.pools()]


def pool_of(network_id):
    """The pool a network id (or a pool's name) stands for; None for a
    network id that is no pool."""
    for pool in floating_ip_api.FloatingIPAPI.pools():
        if network_id in (pool, common.pool_network_id(pool)):
            return pool
    return None


def _authorize(req):
    req.context.can('os_compute_api:os-floating-ip-pools')


def _listed(req, collection, items, keys):
    """``{collection: [...]}`` of the items (``items(context)``, read
    once the caller may) the query's filters match."""
    _authorize(req)
    wanted = common.filters(req, keys)
    return common.respond({collection: [
        item for item in items(req.context) if common.matches(item, wanted)]})


def _shown(req, member, items, item_id, not_found):
    _authorize(req)
    for item in items(req.context):
        if item['id'] == item_id:
            return common.respond({member: item})
    raise not_found


def list_networks(req):
    return _listed(req, 'networks', all_networks, _NETWORK_KEYS)


def show_network(req, network_id):
    return _shown(req, 'network', all_networks, network_id,
                  exception.NetworkNotFound(network_id=network_id))


def _subnets(context):
    return [subnet_view(n) for n in objects.NetworkList.get_all(context)]


def list_subnets(req):
    return _listed(req, 'subnets', _subnets, _SUBNET_KEYS)


def show_subnet(req, subnet_id):
    return _shown(req, 'subnet', _subnets, subnet_id,
                  exception.NotFound('Subnet %s could not be found.'
                                     % subnet_id))
