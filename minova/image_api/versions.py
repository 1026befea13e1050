"""Version discovery and the schema documents.

``GET /`` answers 300 Multiple Choices with the version list, as Glance
does; keystoneauth reads it to find the v2 endpoint. No token needed.
"""

from minova.image_api import schemas
from minova.image_api import util

# v2.7 (Rocky) brought os_hidden and the os_hash_* multihash attributes.
_VERSIONS = [('v2.%d' % minor) for minor in range(7, -1, -1)]


def _versions(req):
    href = '%s/v2/' % req.host_url
    return {'versions': [
        {'id': version, 'status': 'CURRENT' if i == 0 else 'SUPPORTED',
         'links': [{'rel': 'self', 'href': href}]}
        for i, version in enumerate(_VERSIONS)]}


def multiple_choices(req):
    return util.json_response(_versions(req), status=300)


def list_versions(req):
    return util.json_response(_versions(req))


def image_schema(req):
    return util.json_response(schemas.IMAGE)


def images_schema(req):
    return util.json_response(schemas.images_schema())
