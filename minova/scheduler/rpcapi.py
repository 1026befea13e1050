"""Client side of the scheduler RPC API.

Version history:

* 1.0 - initial: select_destinations
* 1.30 - select_destinations(migration_id): place a move; the pick is
         written on the migration, not on the instance
"""

import oslo_messaging as messaging

from minova import rpc

RPC_TOPIC = 'scheduler'


class SchedulerAPI:
    VERSION = '1.30'

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=RPC_TOPIC,
                                                      version='1.0'))

    def select_destinations(self, ctxt, spec_obj, instance_uuids,
                            migration_id=None):
        """Call: pick a host for each of ``instance_uuids``.

        Returns one ``{'host': ..., 'nodename': ..., 'limits': {}}`` per
        instance uuid, in the same order; the scheduler has already written
        the host and node on those instance rows. Raises NoValidHost when
        not every instance can be placed (and then writes nothing).

        With ``migration_id`` (a move of one existing instance) the pick
        is written on that migration's destination instead, and the
        instance keeps counting on its own host.

        Added in 1.0; migration_id in 1.30.
        """
        if migration_id is None:
            cctxt = self.client.prepare(version='1.0')
            return cctxt.call(ctxt, 'select_destinations',
                              spec_obj=spec_obj,
                              instance_uuids=instance_uuids)
        cctxt = self.client.prepare(version='1.30')
        return cctxt.call(ctxt, 'select_destinations', spec_obj=spec_obj,
                          instance_uuids=instance_uuids,
                          migration_id=migration_id)
