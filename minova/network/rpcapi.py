"""Client side of the network RPC API: minova-network's one topic.

Version history:

* 1.0 - allocate_for_instance, deallocate_for_instance,
        get_instance_nw_info
* 1.80 - audit_dhcp
"""

import oslo_messaging as messaging

from minova import rpc

RPC_TOPIC = 'network'


class NetworkAPI:
    VERSION = '1.80'

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=RPC_TOPIC,
                                                      version='1.0'))

    def allocate_for_instance(self, ctxt, instance_uuid, requested_networks,
                              host):
        """Call: a MAC and a fixed IP on each requested network (None: the
        default network; []: none), DHCP ready for them; returns the
        network info (see network/model.py).

        Added in 1.0.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(ctxt, 'allocate_for_instance',
                          instance_uuid=instance_uuid,
                          requested_networks=requested_networks, host=host)

    def deallocate_for_instance(self, ctxt, instance_uuid, host):
        """Call: free the instance's addresses, MACs and DHCP entries
        (nothing allocated is not an error).

        Added in 1.0.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(ctxt, 'deallocate_for_instance',
                          instance_uuid=instance_uuid, host=host)

    def get_instance_nw_info(self, ctxt, instance_uuid):
        """Call: the instance's current network info.

        Added in 1.0.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(ctxt, 'get_instance_nw_info',
                          instance_uuid=instance_uuid)

    def audit_dhcp(self, ctxt, fix=False):
        """Call: DHCP entries served without an address row, and rows not
        served, per network (``fix``: serve exactly the rows).

        Added in 1.80.
        """
        cctxt = self.client.prepare(version='1.80')
        return cctxt.call(ctxt, 'audit_dhcp', fix=fix)
