"""The server body, as Nova shows it for each microversion."""

import hashlib

from oslo_utils import timeutils

from minova.api.openstack import common
from minova.api.openstack.compute.views import addresses
from minova.compute import power_state as power_states
from minova import objects


def _isotime(value):
    if value is None:
        return None
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%SZ')


def _launched(value):
    if value is None:
        return None
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%S.%f')


def host_id(instance):
    """Opaque per-project hash of the host (Nova's hostId)."""
    if not instance.host:
        return ''
    return hashlib.sha224(
        (instance.project_id + instance.host).encode()).hexdigest()


def security_group_names(instance):
    """The names of the server's security groups (nova-network's)."""
    return objects.SecurityGroupList.names_by_instance(
        [instance.uuid])[instance.uuid]


def basic(req, instance):
    return {'id': instance.uuid, 'name': instance.display_name,
            'links': common.links(req, 'servers', instance.uuid)}


def update(req, instance):
    """The body of PUT /servers/{id} below 2.75: the common attributes
    only, addresses without their OS-EXT-IPS types (Nova's show view with
    every extension switched off)."""
    server = _common(req, instance, extend_address=False)
    _add_versioned(req, instance, server)
    _add_fault(instance, server, req.context.is_admin)
    return server


def show(req, instance, is_admin, host_status=None, security_groups=None):
    """The full body; a list passes ``security_groups`` (the names)
    read for all its servers at once."""
    if security_groups is None:
        security_groups = security_group_names(instance)
    server = _common(req, instance, extend_address=True)
    server.update({
        'OS-EXT-AZ:availability_zone': instance.availability_zone or '',
        'config_drive': instance.config_drive or '',
        'key_name': instance.key_name,
        'OS-SRV-USG:launched_at': _launched(instance.launched_at),
        'OS-SRV-USG:terminated_at': _launched(instance.terminated_at),
        'OS-EXT-STS:task_state': instance.task_state,
        'OS-EXT-STS:vm_state': instance.vm_state,
        'OS-EXT-STS:power_state': instance.power_state or
        power_states.NOSTATE,
        'os-extended-volumes:volumes_attached': [],
        'security_groups': [{'name': name} for name in security_groups],
    })
    if is_admin:
        server.update(_extended_attributes(req, instance))
    if req.ver('2.16') and host_status is not None:
        server['host_status'] = host_status
    _add_versioned(req, instance, server)
    _add_fault(instance, server, is_admin)
    return server


def rebuild(req, instance):
    """The body of a rebuild's 202: Nova shows only the core attributes
    there (no OS-EXT-*, key name, security groups, config drive, nor the
    extended addresses) until 2.75, which minova does not reach."""
    server = _common(req, instance, extend_address=False)
    _add_versioned(req, instance, server)
    return server


def _common(req, instance, extend_address):
    """What every full server body has, whatever the extensions."""
    flavor = instance.flavor
    server = {
        'id': instance.uuid,
        'name': instance.display_name,
        'status': common.status_from_state(instance.vm_state,
                                           instance.task_state),
        'tenant_id': instance.project_id,
        'user_id': instance.user_id,
        'metadata': dict(instance.metadata),
        'hostId': host_id(instance),
        'image': _image(req, instance),
        'flavor': {'id': flavor.flavorid,
                   'links': [{'rel': 'bookmark', 'href': common.bookmark_url(
                       req, 'flavors', flavor.flavorid)}]},
        'created': _isotime(instance.created_at),
        'updated': _isotime(instance.updated_at or instance.created_at),
        'addresses': addresses.by_label(addresses.network_info(instance),
                                        extended=extend_address),
        'accessIPv4': instance.access_ip_v4 or '',
        'accessIPv6': instance.access_ip_v6 or '',
        'links': common.links(req, 'servers', instance.uuid),
        'OS-DCF:diskConfig': 'MANUAL',
    }
    if server['status'] in ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                            'VERIFY_RESIZE', 'MIGRATING'):
        server['progress'] = instance.progress or 0
    return server


def _extended_attributes(req, instance):
    """OS-EXT-SRV-ATTR:*, for those policy lets see them."""
    attributes = {
        'OS-EXT-SRV-ATTR:host': instance.host,
        'OS-EXT-SRV-ATTR:instance_name': instance.name,
        'OS-EXT-SRV-ATTR:hypervisor_hostname': instance.node,
    }
    if req.ver('2.3'):
        attributes.update({
            'OS-EXT-SRV-ATTR:reservation_id': instance.reservation_id,
            'OS-EXT-SRV-ATTR:launch_index': instance.launch_index,
            'OS-EXT-SRV-ATTR:kernel_id': instance.kernel_id or '',
            'OS-EXT-SRV-ATTR:ramdisk_id': instance.ramdisk_id or '',
            'OS-EXT-SRV-ATTR:hostname': instance.hostname,
            'OS-EXT-SRV-ATTR:root_device_name': instance.root_device_name,
            'OS-EXT-SRV-ATTR:user_data': instance.user_data,
        })
    return attributes


def _add_versioned(req, instance, server):
    """The attributes later microversions added to every server body."""
    if req.ver('2.9'):
        server['locked'] = bool(instance.locked)
    if req.ver('2.19'):
        server['description'] = instance.display_description
    if req.ver('2.26'):
        server['tags'] = list(instance.tags)


def _add_fault(instance, server, is_admin):
    fault = instance.fault if instance.obj_attr_is_set('fault') else None
    if fault is not None and server['status'] in ('ERROR', 'DELETED'):
        server['fault'] = {'code': fault.code,
                           'created': _isotime(fault.created_at),
                           'message': fault.message}
        if is_admin or fault.code != 500:
            server['fault']['details'] = fault.details


def _image(req, instance):
    if not instance.image_ref:
        # Booted from a volume: Nova shows an empty string.
        return ''
    return {'id': instance.image_ref,
            'links': [{'rel': 'bookmark', 'href': common.bookmark_url(
                req, 'images', instance.image_ref)}]}
