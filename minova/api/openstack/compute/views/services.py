"""The os-services body (integer ids, before 2.53)."""

from minova.api.openstack.compute.views import times


def show(req, service, zone, alive):
    body = {
        'id': service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': zone,
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if alive else 'down',
        'updated_at': times.strtime(service.updated_at),
        'disabled_reason': service.disabled_reason,
    }
    if req.ver('2.11'):
        body['forced_down'] = service.forced_down
    return body
