"""A server's addresses by network label, from its network info: the
``addresses`` of the server body (with the OS-EXT-IPS attributes) and the
/servers/{id}/ips views (without them), as Nova shows them."""

from minova.network import model


def network_info(instance):
    """The instance's VIFs, if its info cache was loaded."""
    if not instance.obj_attr_is_set('info_cache') or \
            instance.info_cache is None:
        return []
    return instance.info_cache.network_info


def _address(ip, mac, extended):
    entry = {'version': ip['version'], 'addr': ip['address']}
    if extended:
        entry['OS-EXT-IPS:type'] = ip['type']
        entry['OS-EXT-IPS-MAC:mac_addr'] = mac
    return entry


def by_label(nw_info, extended=False):
    """{label: [address, ...]} for every network the server is on."""
    return {label: [_address(ip, mac, extended) for ip, mac in entries]
            for label, entries in model.addresses_by_label(nw_info).items()}
