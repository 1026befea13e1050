"""The flavor body, as Nova shows it (before 2.55's description)."""

from minova.api.openstack import common


def basic(req, flavor):
    return {'id': flavor.flavorid, 'name': flavor.name,
            'links': common.links(req, 'flavors', flavor.flavorid)}


def show(req, flavor):
    return {
        'id': flavor.flavorid,
        'name': flavor.name,
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        'vcpus': flavor.vcpus,
        # Nova shows no swap and no rxtx_factor as "" until 2.75.
        'swap': flavor.swap or '',
        'rxtx_factor': flavor.rxtx_factor or '',
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'os-flavor-access:is_public': flavor.is_public,
        'links': common.links(req, 'flavors', flavor.flavorid),
    }


def collection(req, flavors, limit, detail=False):
    items = [(show if detail else basic)(req, f) for f in flavors]
    result = {'flavors': items}
    links = common.collection_next_link(
        req, 'flavors/detail' if detail else 'flavors', items, limit)
    if links:
        result['flavors_links'] = links
    return result
