"""What a guest is told about itself: the OpenStack metadata documents
(``meta_data.json``, ``network_data.json``, ``user_data``) that the
config drive carries, in the shapes Nova and cloud-init use.
"""

import base64
import binascii
import os

import netaddr


def _address(ip):
    """minova-network gives IPs as dicts (Nova's model); accept strings."""
    if isinstance(ip, dict):
        return ip.get('address')
    return ip


def meta_data(instance, admin_password=None, injected_files=()):
    """``openstack/latest/meta_data.json`` as a dict. Injected files are
    referred to by ``content_path``; ``files_content`` gives their data."""
    keys = []
    public_keys = {}
    if instance.key_name and instance.key_data:
        public_keys[instance.key_name] = instance.key_data
        keys.append({'name': instance.key_name, 'type': 'ssh',
                     'data': instance.key_data})
    data = {
        'uuid': instance.uuid,
        'meta': dict(instance.metadata or {}),
        'hostname': instance.hostname,
        'name': instance.display_name,
        'launch_index': instance.launch_index or 0,
        'availability_zone': instance.availability_zone,
        'project_id': instance.project_id,
        'public_keys': public_keys,
        'keys': keys,
        'random_seed': base64.b64encode(os.urandom(512)).decode(),
        'devices': [],
    }
    if admin_password:
        data['admin_pass'] = admin_password
    if injected_files:
        data['files'] = [{'path': path, 'content_path': content_path}
                         for content_path, (path, _content)
                         in files_content(injected_files)]
    return data


def files_content(injected_files):
    """``[(content_path, (guest path, bytes))]``: Nova's /content/NNNN."""
    return [('/content/%04d' % index, (path, content))
            for index, (path, content) in enumerate(injected_files)]


def user_data(instance):
    """The user data as the guest reads it (decoded), or None. The API
    validated it as base64; anything else is passed on unchanged."""
    if not instance.user_data:
        return None
    try:
        return base64.b64decode(instance.user_data, validate=True)
    except (binascii.Error, ValueError):
        return instance.user_data.encode()


# -- network_data.json (Nova's nova.virt.netutils.get_network_metadata) --

def _link(vif, index):
    network = vif.get('network') or {}
    return {'id': vif.get('devname') or 'interface%d' % index,
            'vif_id': vif['id'],
            'type': vif.get('type') or 'phy',
            'mtu': vif.get('mtu') or (network.get('meta') or {}).get('mtu'),
            'ethernet_mac_address': vif.get('address')}


def _dns_services(subnet):
    return [{'type': 'dns', 'address': _address(dns)}
            for dns in subnet.get('dns') or [] if _address(dns)]


def _network(vif, subnet, index, link_id):
    version = subnet.get('version') or 4
    net = {'id': 'network%d' % index, 'link': link_id,
           'network_id': vif['network']['id']}
    if (subnet.get('meta') or {}).get('dhcp_server'):
        # The address comes from DHCP: the guest needs no more.
        net['type'] = 'ipv%d_dhcp' % version
        return net
    cidr = netaddr.IPNetwork(subnet['cidr'])
    routes = []
    gateway = _address(subnet.get('gateway'))
    if gateway:
        default = '0.0.0.0' if version == 4 else '::'
        routes.append({'network': default, 'netmask': default,
                       'gateway': gateway})
    for route in subnet.get('routes') or []:
        dest = netaddr.IPNetwork(route['cidr'])
        routes.append({'network': str(dest.network),
                       'netmask': str(dest.netmask),
                       'gateway': _address(route.get('gateway'))})
    net.update({'type': 'ipv%d' % version,
                'ip_address': _address(subnet['ips'][0]),
                'netmask': str(cidr.netmask),
                'routes': routes,
                'services': _dns_services(subnet)})
    return net


def network_data(network_info):
    """``openstack/latest/network_data.json``: one link per VIF, one
    network per subnet with addresses, the DNS servers as services."""
    links, networks, services = [], [], []
    for vif in network_info or []:
        subnets = (vif.get('network') or {}).get('subnets') or []
        if not subnets:
            continue
        link = _link(vif, len(links))
        links.append(link)
        for subnet in subnets:
            if not subnet.get('ips'):
                continue
            networks.append(_network(vif, subnet, len(networks),
                                     link['id']))
            for service in _dns_services(subnet):
                if service not in services:
                    services.append(service)
    return {'links': links, 'networks': networks, 'services': services}
