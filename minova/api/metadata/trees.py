"""The two trees the metadata service serves, built from one instance.

OpenStack: ``/openstack/{latest,2012-08-10}/`` with ``meta_data.json``,
``user_data``, ``network_data.json`` and ``vendor_data.json`` - the
config drive's documents (``minova.virt.libvirt.instance_metadata``).
EC2: ``/{latest,2009-04-04}/meta-data/...`` and ``.../user-data``.
A path is a list of names; directories list their entries, one a line.
"""

import json

from minova.network import model
from minova.virt.libvirt import instance_metadata

OPENSTACK_VERSIONS = ('2012-08-10', 'latest')
EC2_VERSIONS = ('2009-04-04', 'latest')


def _addresses(instance, kind):
    nw_info = instance.info_cache.network_info if \
        instance.obj_attr_is_set('info_cache') and instance.info_cache \
        else []
    return [ip['address'] for entries in
            model.addresses_by_label(nw_info).values()
            for ip, _mac in entries if ip['type'] == kind]


def _network_info(instance):
    if instance.obj_attr_is_set('info_cache') and instance.info_cache:
        return instance.info_cache.network_info
    return []


def openstack_tree(instance):
    """{name: document} of one OpenStack version directory."""
    meta = instance_metadata.meta_data(instance)
    meta.pop('random_seed', None)   # a fresh one each time, as Nova does
    tree = {'meta_data.json': json.dumps(meta),
            'network_data.json': json.dumps(
                instance_metadata.network_data(_network_info(instance))),
            'vendor_data.json': '{}'}
    user_data = instance_metadata.user_data(instance)
    if user_data is not None:
        tree['user_data'] = user_data
    return tree


def ec2_meta_data(instance):
    """The EC2 ``meta-data`` directory as nested dicts."""
    fixed = _addresses(instance, 'fixed')
    floating = _addresses(instance, 'floating')
    tree = {
        'ami-id': 'ami-%08x' % 0,
        'ami-launch-index': str(instance.launch_index or 0),
        'hostname': instance.hostname or '',
        'local-hostname': instance.hostname or '',
        'public-hostname': instance.hostname or '',
        'instance-id': 'i-%08x' % instance.id,
        'instance-type': instance.flavor.name if
        instance.obj_attr_is_set('flavor') and instance.flavor else '',
        'local-ipv4': fixed[0] if fixed else '',
        'public-ipv4': floating[0] if floating else '',
        'reservation-id': instance.reservation_id or '',
        'placement': {'availability-zone':
                      instance.availability_zone or ''},
    }
    if instance.key_name and instance.key_data:
        tree['public-keys'] = {'0=%s' % instance.key_name: {
            'openssh-key': instance.key_data}}
    return tree


def _listing(directory):
    names = []
    for name, value in sorted(directory.items()):
        names.append(name + '/' if isinstance(value, dict) else name)
    return '\n'.join(names)


def _walk(tree, parts):
    node = tree
    for part in parts:
        if not isinstance(node, dict):
            return None
        # public-keys/0/ addresses the entry named "0=<key name>".
        matches = [k for k in node if k == part or k.split('=')[0] == part]
        if not matches:
            return None
        node = node[matches[0]]
    return node


def lookup(instance, parts):
    """The text at path ``parts`` of the instance's trees, or None."""
    if not parts:
        return 'openstack\n' + '\n'.join(EC2_VERSIONS)
    top = {'openstack': {v: openstack_tree(instance)
                         for v in OPENSTACK_VERSIONS}}
    for version in EC2_VERSIONS:
        ec2 = {'meta-data': ec2_meta_data(instance)}
        user_data = instance_metadata.user_data(instance)
        if user_data is not None:
            ec2['user-data'] = user_data
        top[version] = ec2
    node = _walk(top, parts)
    if node is None:
        return None
    if isinstance(node, dict):
        listing = _listing(node)
        # EC2 lists public keys as "0=name".
        return listing.replace('0=%s/' % instance.key_name,
                               '0=%s' % instance.key_name) \
            if instance.key_name else listing
    return node
