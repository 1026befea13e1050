"""The network info of an instance: what compute, the virt driver and the
API know about a server's NICs, in Nova's network-model shape.

A list of VIFs, each a plain dict (it travels over RPC and is stored as
JSON in ``instance_info_caches``)::

    {'id': <vif uuid>, 'address': 'fa:16:3e:..', 'type': 'bridge',
     'devname': 'tap' + id[:11],
     'network': {'id': <network uuid>, 'label': 'private',
                 'bridge': 'br100',
                 'subnets': [{'cidr': '10.0.0.0/24', 'version': 4,
                              'gateway': {'address': '10.0.0.1',
                                          'type': 'gateway', 'version': 4},
                              'dns': [{'address': '192.0.2.53',
                                       'type': 'dns', 'version': 4}],
                              'ips': [{'address': '10.0.0.2',
                                       'type': 'fixed', 'version': 4}],
                              'routes': [],
                              'meta': {'dhcp_server': '10.0.0.1'}}]}}

As in Nova, ``gateway`` and each ``dns`` entry are IP dicts; use
``address_of`` to read one as a string.
"""

import netaddr

VIF_TYPE_BRIDGE = 'bridge'
# Linux limits interface names to 15 characters: 'tap' + 11 of the uuid.
NIC_NAME_LEN = 14


def ip(address, ip_type):
    return {'address': str(address), 'type': ip_type,
            'version': netaddr.IPAddress(address).version}


def fixed_ip(address, floating=()):
    """A fixed IP dict with the floating IPs NATed to it (Nova's
    ``floating_ips``)."""
    entry = ip(address, 'fixed')
    entry['floating_ips'] = [ip(f, 'floating') for f in floating]
    return entry


def subnet(network, addresses, floating=None):
    """The one IPv4 subnet of ``network`` (an objects.Network) holding
    ``addresses`` (the VIF's fixed IPs); ``floating`` maps a fixed
    address to its floating addresses."""
    floating = floating or {}
    return {
        'cidr': network.cidr,
        'version': 4,
        'gateway': ip(network.gateway, 'gateway') if network.gateway
        else None,
        'dns': [ip(dns, 'dns') for dns in (network.dns1, network.dns2)
                if dns],
        'ips': [fixed_ip(address, floating.get(address, ()))
                for address in addresses],
        'routes': [],
        'meta': {'dhcp_server': network.dhcp_server},
    }


def vif(vif_obj, network, addresses, floating=None):
    """One VIF from an objects.VirtualInterface on objects.Network."""
    return {
        'id': vif_obj.uuid,
        'address': vif_obj.address,
        'type': VIF_TYPE_BRIDGE,
        'devname': ('tap' + vif_obj.uuid)[:NIC_NAME_LEN],
        'network': {
            'id': network.uuid,
            'label': network.label,
            'bridge': network.bridge,
            'subnets': [subnet(network, addresses, floating)],
        },
    }


def address_of(ip_or_none):
    """'10.0.0.1' from an IP dict (or a plain string); None for None."""
    if isinstance(ip_or_none, dict):
        return ip_or_none.get('address')
    return ip_or_none


def fixed_ips(vif_dict):
    """The fixed IP dicts of one VIF, over all its subnets."""
    return [address for sub in vif_dict['network']['subnets']
            for address in sub['ips'] if address.get('type') == 'fixed']


def addresses_by_label(network_info):
    """{label: [(ip dict, mac), ...]} in VIF order, as the API shows it:
    the fixed IPs, then the floating IPs NATed to them."""
    result = {}
    for vif_dict in network_info or []:
        label = vif_dict['network']['label']
        entries = result.setdefault(label, [])
        for address in fixed_ips(vif_dict):
            entries.append((address, vif_dict['address']))
        for address in fixed_ips(vif_dict):
            for floating in address.get('floating_ips') or []:
                entries.append((floating, vif_dict['address']))
    return result
