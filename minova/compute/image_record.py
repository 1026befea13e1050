"""The image record of a snapshot, a backup or a shelve, written by the
API before compute uploads the data (Nova's ``compute_utils.create_image``).

The new image inherits the instance's image properties (kept in
``system_metadata`` as ``image_*``) and gets Nova's snapshot properties:
``image_type``, ``instance_uuid``, ``base_image_ref``, ``owner``,
``user_id``; ``kernel_id``/``ramdisk_id`` come with the inherited ones.
"""

# Properties of the source image that describe that image only.
_NOT_INHERITED = ('image_type', 'instance_uuid', 'base_image_ref', 'owner',
                  'user_id', 'backup_type', 'image_location', 'os_hash_algo',
                  'os_hash_value', 'checksum', 'size', 'virtual_size')


def image_meta_from_instance(instance):
    """The image metadata the API copied into ``system_metadata``
    (``image_*``): what a snapshot inherits, and what the virt driver
    rebuilds the guest from when the image service is not asked again
    (hard reboot, power on). Here, not in the libvirt driver, so the API
    imports none of the driver."""
    core = ('min_ram', 'min_disk', 'disk_format', 'container_format')
    meta = {'id': instance.image_ref, 'properties': {}}
    for key, value in (instance.system_metadata or {}).items():
        if not key.startswith('image_'):
            continue
        name = key[len('image_'):]
        if name in core:
            meta[name] = value
        else:
            meta['properties'][name] = value
    return meta


def snapshot_meta(context, instance, name, image_type, extra=None):
    """The body of the image to create for ``instance``."""
    source = image_meta_from_instance(instance)
    properties = {k: v for k, v in source['properties'].items()
                  if k not in _NOT_INHERITED}
    if instance.kernel_id:
        properties['kernel_id'] = instance.kernel_id
    if instance.ramdisk_id:
        properties['ramdisk_id'] = instance.ramdisk_id
    properties.update({'image_type': image_type,
                       'instance_uuid': instance.uuid,
                       'base_image_ref': instance.image_ref or '',
                       'user_id': context.user_id or instance.user_id})
    properties.update(extra or {})
    meta = {'name': name, 'visibility': 'private',
            'owner': instance.project_id, 'properties': properties,
            'min_ram': int(source.get('min_ram') or 0),
            'min_disk': max(int(source.get('min_disk') or 0),
                            instance.root_gb or 0)}
    for key in ('disk_format', 'container_format'):
        if source.get(key):
            meta[key] = source[key]
    return meta
