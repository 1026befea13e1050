"""Image documents as Glance v2 shows them.

Core attributes are always present (null when unknown); free-form
properties sit next to them at the top level, as in Glance.
"""

from urllib import parse


def _timestamp(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def image(img):
    doc = {
        'id': img.id,
        'name': img.name,
        'status': img.status,
        'visibility': img.visibility,
        'protected': bool(img.protected),
        'os_hidden': bool(img.os_hidden),
        'owner': img.owner,
        'size': img.size,
        'virtual_size': img.virtual_size,
        'checksum': img.checksum,
        'os_hash_algo': img.os_hash_algo,
        'os_hash_value': img.os_hash_value,
        'disk_format': img.disk_format,
        'container_format': img.container_format,
        'min_ram': img.min_ram,
        'min_disk': img.min_disk,
        'created_at': _timestamp(img.created_at),
        'updated_at': _timestamp(img.updated_at),
        'tags': sorted(tag.value for tag in img.tags),
        'self': '/v2/images/%s' % img.id,
        'file': '/v2/images/%s/file' % img.id,
        'schema': '/v2/schemas/image',
    }
    for prop in img.properties:
        doc.setdefault(prop.name, prop.value)
    return doc


def image_list(images, query, next_marker):
    """The collection; ``next`` repeats the query with the new marker."""
    doc = {'images': [image(img) for img in images],
           'first': '/v2/images', 'schema': '/v2/schemas/images'}
    if next_marker is not None:
        params = [(k, v) for k, v in query if k != 'marker']
        params.append(('marker', next_marker))
        doc['next'] = '/v2/images?%s' % parse.urlencode(params)
    return doc
