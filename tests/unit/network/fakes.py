"""A stand-in for minova.network.api.API on the compute side: records the
calls and answers with one VIF, or fails when told to."""

from minova import exception
from minova import objects

NETWORK_UUID = '6b2a4c1e-0000-4000-8000-00000000beef'


def vif(address='10.0.0.2', mac='fa:16:3e:00:00:02',
        vif_id='0c8e5e5a-0000-4000-8000-000000000001', label='private'):
    return {'id': vif_id, 'address': mac, 'type': 'bridge',
            'devname': ('tap' + vif_id)[:14],
            'network': {'id': NETWORK_UUID, 'label': label,
                        'bridge': 'br100',
                        'subnets': [{
                            'cidr': '10.0.0.0/24', 'version': 4,
                            'gateway': {'address': '10.0.0.1',
                                        'type': 'gateway', 'version': 4},
                            'dns': [],
                            'ips': [{'address': address, 'type': 'fixed',
                                     'version': 4}],
                            'routes': [], 'meta': {}}]}}


class FakeNetworkAPI:
    def __init__(self):
        self.allocated = []      # (instance uuid, requested networks)
        self.deallocated = []    # instance uuids
        self.fail_with = None

    def allocate_for_instance(self, context, instance, requested_networks):
        self.allocated.append((instance.uuid, requested_networks))
        if self.fail_with is not None:
            raise self.fail_with
        network_info = [vif()]
        # As minova-network does: the cache is what compute reads later.
        objects.InstanceInfoCache(context, instance_uuid=instance.uuid,
                                  network_info=network_info).save()
        return network_info

    def deallocate_for_instance(self, context, instance):
        self.deallocated.append(instance.uuid)


def no_more_ips():
    return exception.NoMoreFixedIps(net='private')
