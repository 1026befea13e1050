"""The os-availability-zone bodies."""

from minova.api.openstack.compute.views import times


def zone(name, available, hosts=None):
    return {'zoneName': name, 'zoneState': {'available': available},
            'hosts': hosts}


def host_service(service, alive):
    return {'available': alive, 'active': not service.disabled,
            'updated_at': times.strtime(service.updated_at)}
