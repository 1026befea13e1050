"""The evacuate task: rebuild a server whose host is down on another
host (Nova's conductor ``rebuild_instance`` with ``recreate=True``).

scheduler select_destinations (a call; the dead host excluded, a host
the admin named forced) -> the migration (accepted) gets its destination
-> evacuate_instance cast to the destination, which claims and spawns
from the image. No host: the migration in error, the instance back as it
was with a fault.
"""

from oslo_log import log as logging

import minova.conf
from minova.conductor.tasks import base
from minova.objects import instance_action

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'conductor_rebuild_server'


class EvacuateTask:
    def __init__(self, context, instance, migration, host, force,
                 admin_password, scheduler_rpcapi, compute_rpcapi):
        self.context = context
        self.instance = instance
        self.migration = migration
        self.host = host
        self.force = force
        self.admin_password = admin_password
        self.scheduler_rpcapi = scheduler_rpcapi
        self.compute_rpcapi = compute_rpcapi

    def execute(self):
        try:
            with instance_action.EventReporter(self.context, EVENT,
                                               CONF.host,
                                               self.instance.uuid):
                dest = self._select_destination()
        except Exception as error:
            base.fail_scheduling(self.context, self.instance,
                                 self.migration, 'evacuate', error)
            return
        LOG.info('Evacuating %s from %s to %s (migration %d)',
                 self.instance.uuid, self.migration.source_compute,
                 dest['host'], self.migration.id)
        self.compute_rpcapi.evacuate_instance(
            self.context, self.instance, self.migration, dest['host'],
            dest['nodename'], self.admin_password)

    def _select_destination(self):
        spec = base.request_spec_for(
            self.instance, self.instance.flavor,
            ignore_hosts=(self.instance.host,),
            force_hosts=(self.host,) if self.host and self.force else ())
        if self.host and not self.force:
            # A named host without force must still pass the filters.
            spec.requested_host = self.host
        dest = self.scheduler_rpcapi.select_destinations(
            self.context, spec, [self.instance.uuid],
            migration_id=self.migration.id)[0]
        return dest
