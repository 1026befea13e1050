"""/os-availability-zone: the zones users can boot into (and, for
admins, which hosts and services are in each).

A compute host's zone is its compute node's ``availability_zone`` or
``[DEFAULT] default_availability_zone``; every other service lives in
the ``internal`` zone, which only the detailed view shows.
"""

from minova.api.openstack.compute.views import availability_zone as view
import minova.conf
from minova import objects

CONF = minova.conf.CONF

INTERNAL_ZONE = 'internal'
COMPUTE_BINARY = 'minova-compute'
# API services are not maintained like the others; Nova hides them.
API_BINARIES = ('minova-api', 'minova-osapi_compute', 'minova-metadata')


def service_zones(context, services):
    """service id -> the availability zone of that service."""
    node_zones = {}
    for node in objects.ComputeNodeList.get_all(context):
        if node.availability_zone:
            node_zones.setdefault(node.host, node.availability_zone)
    return {s.id: (node_zones.get(s.host, CONF.default_availability_zone)
                   if s.binary == COMPUTE_BINARY else INTERNAL_ZONE)
            for s in services}


def _zones(services, zones):
    """(available zones, not available zones), each sorted: a zone is
    available when one of its services is enabled."""
    available = {zones[s.id] for s in services if not s.disabled}
    unavailable = {zones[s.id] for s in services
                   if s.disabled and zones[s.id] not in available}
    return sorted(available), sorted(unavailable)


class AvailabilityZoneController:

    def index(self, req):
        context = req.context
        context.can('os_compute_api:os-availability-zone:list')
        ctx = context.elevated()
        services = list(objects.ServiceList.get_all(ctx))
        zones = service_zones(ctx, services)
        available, unavailable = _zones(services, zones)
        return {'availabilityZoneInfo':
                [view.zone(z, True) for z in available
                 if z != INTERNAL_ZONE] +
                [view.zone(z, False) for z in unavailable
                 if z != INTERNAL_ZONE]}

    def detail(self, req):
        context = req.context
        context.can('os_compute_api:os-availability-zone:detail')
        ctx = context.elevated()
        services = list(objects.ServiceList.get_all(ctx))
        zones = service_zones(ctx, services)
        available, unavailable = _zones(services, zones)
        hosts = {}
        for service in services:
            if service.disabled or service.binary in API_BINARIES:
                continue
            by_host = hosts.setdefault(zones[service.id], {})
            by_host.setdefault(service.host, {})[service.binary] = \
                view.host_service(service, service.is_up())
        return {'availabilityZoneInfo':
                [view.zone(z, True, hosts.get(z, {})) for z in available] +
                [view.zone(z, False) for z in unavailable]}
