"""A network as nova-network's os-networks API showed it: a few fields
for everyone, the rest for admins."""

import netaddr

from minova.network import ipam

_FIELDS = ('id', 'cidr', 'netmask', 'gateway', 'broadcast', 'dns1',
           'dns2', 'cidr_v6', 'gateway_v6', 'label', 'netmask_v6')
_ADMIN_FIELDS = ('created_at', 'updated_at', 'deleted_at', 'deleted',
                 'injected', 'bridge', 'vlan', 'vpn_public_address',
                 'vpn_public_port', 'vpn_private_address', 'dhcp_start',
                 'project_id', 'host', 'bridge_interface', 'multi_host',
                 'priority', 'rxtx_base', 'mtu', 'dhcp_server',
                 'enable_dhcp', 'share_address')


def _time(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def network(context, net):
    """``net`` (an objects.Network) as a dict of Nova's fields."""
    values = dict.fromkeys(_FIELDS + _ADMIN_FIELDS)
    values.update({
        'id': net.uuid, 'cidr': net.cidr, 'netmask': net.netmask,
        'gateway': net.gateway, 'broadcast': net.broadcast,
        'dns1': net.dns1, 'dns2': net.dns2, 'label': net.label,
        'created_at': _time(net.created_at),
        'updated_at': _time(net.updated_at),
        'deleted_at': _time(net.deleted_at), 'deleted': net.deleted,
        'injected': False, 'bridge': net.bridge,
        'dhcp_start': next(ipam.free_addresses(
            net, set(ipam.reserved_addresses(net))), None),
        'multi_host': False, 'dhcp_server': net.dhcp_server,
        'enable_dhcp': True, 'share_address': False,
    })
    if values['netmask'] is None and net.cidr:
        values['netmask'] = str(netaddr.IPNetwork(net.cidr).netmask)
    fields = _FIELDS + (_ADMIN_FIELDS if context.is_admin else ())
    return {key: values[key] for key in fields}
