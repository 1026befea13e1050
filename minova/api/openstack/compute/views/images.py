"""The image bodies of the compute API's image proxy (/images), as Nova
shows an image it read from the image service."""

from oslo_utils import strutils
from oslo_utils import timeutils

from minova.api.openstack import common
from minova.image import glance

_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'deleted': 'DELETED', 'pending_delete': 'DELETED',
           'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}


def _links(req, image_id):
    return common.links(req, 'images', image_id) + [{
        'rel': 'alternate', 'type': 'application/vnd.openstack.image',
        'href': '%s/images/%s' % (glance.glance_url(), image_id)}]


def _isotime(value):
    if not value:
        return None
    return timeutils.normalize_time(timeutils.parse_isotime(value)) \
        .strftime('%Y-%m-%dT%H:%M:%SZ')


def basic(req, image):
    return {'id': image['id'], 'name': image.get('name'),
            'links': _links(req, image['id'])}


def show(req, image):
    properties = image.get('properties') or {}
    body = {
        'id': image['id'],
        'name': image.get('name'),
        'minRam': int(image.get('min_ram') or 0),
        'minDisk': int(image.get('min_disk') or 0),
        'metadata': properties,
        'created': _isotime(image.get('created_at')),
        'updated': _isotime(image.get('updated_at')),
        'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
        'progress': _PROGRESS.get(image.get('status'), 0),
        'OS-EXT-IMG-SIZE:size': image.get('size'),
        'links': _links(req, image['id']),
    }
    server = properties.get('instance_uuid')
    if server is not None:
        # A snapshot: the server it was taken from.
        body['server'] = {'id': server,
                          'links': common.links(req, 'servers', server)}
    if properties.get('auto_disk_config') is not None:
        body['OS-DCF:diskConfig'] = 'AUTO' if strutils.bool_from_string(
            properties['auto_disk_config']) else 'MANUAL'
    return body


def collection(req, images, view, collection_name, limit):
    result = {'images': [view(req, image) for image in images]}
    links = common.collection_next_link(req, collection_name, images, limit)
    if links:
        result['images_links'] = links
    return result
