"""Who is asking: the instance behind a metadata request.

Two ways in, as in Nova: a network's proxy (connected over the service's
unix socket, which only root can reach) names the network and the guest's
fixed IP (nova-network style: ``X-Forwarded-For`` and
``X-Minova-Network-ID``); or a caller on the TCP port names the instance
and signs its id with the shared secret (``X-Instance-ID`` and
``X-Instance-ID-Signature``, as Neutron's proxy does). Anything else is
refused: no request gets another instance's data.
"""

import hashlib
import hmac

from minova import exception
from minova import objects


class MetadataForbidden(exception.Forbidden):
    msg_fmt = 'Forbidden: %(reason)s'


def sign(secret, instance_id):
    return hmac.new(secret.encode(), instance_id.encode(),
                    hashlib.sha256).hexdigest()


def by_signature(context, headers, secret):
    instance_id = headers.get('X-Instance-ID')
    signature = headers.get('X-Instance-ID-Signature') or ''
    if not secret:
        raise MetadataForbidden(reason='signed requests are disabled')
    if not instance_id or not hmac.compare_digest(
            sign(secret, instance_id), signature):
        raise MetadataForbidden(reason='bad X-Instance-ID-Signature')
    return objects.Instance.get_by_uuid(context, instance_id,
                                        expected_attrs=['info_cache'])


def by_fixed_ip(context, network_id, address):
    """The live instance holding ``address`` on ``network_id``."""
    try:
        network = objects.Network.get_by_uuid(context, network_id)
    except exception.NetworkNotFound:
        raise exception.NotFound()
    for fixed in objects.FixedIPList.get_by_network(context, network.id):
        if fixed.address == address and fixed.allocated and \
                fixed.instance_uuid:
            return objects.Instance.get_by_uuid(
                context, fixed.instance_uuid, expected_attrs=['info_cache'])
    raise exception.NotFound()
