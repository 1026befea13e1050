"""What the server action controllers share: the instance a request
may act on, a new admin password, the address of a new image."""

from oslo_utils import uuidutils

from minova.compute import api as compute_api
import minova.conf

CONF = minova.conf.CONF


def generate_password():
    return uuidutils.generate_uuid().replace('-', '')[:12]


def image_url(image_id):
    """Where the image service has ``image_id`` (Nova's
    ``generate_image_url``, the Location of createImage/createBackup)."""
    base = CONF.glance.api_servers[0].rstrip('/')
    if base.endswith('/v2'):
        base = base[:-3]
    return '%s/images/%s' % (base, image_id)


class ServerActionController:
    def __init__(self):
        self.compute_api = compute_api.API()

    def _instance(self, req, id, rule):
        """The instance, if policy ``os_compute_api:<rule>`` allows."""
        instance = self.compute_api.get(req.context, id)
        req.context.can('os_compute_api:' + rule,
                        {'project_id': instance.project_id})
        return instance
