"""The config drive: an ISO 9660 image labelled ``config-2`` with the
OpenStack metadata tree, the guest's only source of its identity (minova
has no metadata service).

    openstack/latest/meta_data.json
    openstack/latest/network_data.json
    openstack/latest/vendor_data.json
    openstack/latest/user_data          (when there is user data)
    openstack/content/0000...           (injected files)
"""

import json
import os
import shutil
import tempfile

from minova.virt.libvirt import disk
from minova.virt.libvirt import instance_metadata
from minova import version

CONFIG_DRIVE_LABEL = 'config-2'


def _write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(path, 'wb') as out:
        out.write(data)


def write_tree(root, instance, admin_password, injected_files,
               network_info):
    latest = os.path.join(root, 'openstack', 'latest')
    meta = instance_metadata.meta_data(instance, admin_password,
                                       injected_files)
    _write(os.path.join(latest, 'meta_data.json'), json.dumps(meta))
    _write(os.path.join(latest, 'network_data.json'), json.dumps(
        instance_metadata.network_data(network_info)))
    _write(os.path.join(latest, 'vendor_data.json'), '{}')
    user_data = instance_metadata.user_data(instance)
    if user_data is not None:
        _write(os.path.join(latest, 'user_data'), user_data)
    for content_path, (_path, content) in instance_metadata.files_content(
            injected_files):
        _write(os.path.join(root, 'openstack', content_path.lstrip('/')),
               content)


def make_config_drive(path, instance, admin_password=None,
                      injected_files=(), network_info=None):
    """Build the ISO at ``path`` (genisoimage options as Nova's)."""
    tree = tempfile.mkdtemp(prefix='configdrive-',
                            dir=os.path.dirname(path))
    try:
        write_tree(tree, instance, admin_password, injected_files,
                   network_info)
        disk.execute('genisoimage', '-o', path, '-ldots', '-allow-lowercase',
                     '-allow-multidot', '-l', '-publisher',
                     'minova %s' % version.VERSION, '-quiet', '-J', '-r',
                     '-V', CONFIG_DRIVE_LABEL, tree)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
