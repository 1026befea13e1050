"""Client side of the scheduler RPC API.

Version history:

* 1.0 - initial: select_destinations
"""

import oslo_messaging as messaging

from minova import rpc

RPC_TOPIC = 'scheduler'


class SchedulerAPI:
    VERSION = '1.0'

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=RPC_TOPIC,
                                                      version='1.0'))

    def select_destinations(self, ctxt, spec_obj, instance_uuids):
        """Call: pick a host for each of ``instance_uuids``.

        Returns one ``{'host': ..., 'nodename': ..., 'limits': {}}`` per
        instance uuid, in the same order; the scheduler has already written
        the host and node on those instance rows. Raises NoValidHost when
        not every instance can be placed (and then writes nothing).

        Added in 1.0.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(ctxt, 'select_destinations', spec_obj=spec_obj,
                          instance_uuids=instance_uuids)
