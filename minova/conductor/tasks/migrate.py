"""The migrate task: a resize or cold migration, from the conductor's
side (Nova's conductor/tasks/migrate.py).

migration row (pre-migrating) -> scheduler select_destinations (a call;
the current host is excluded unless [DEFAULT] allow_resize_to_same_host
lets a resize stay) -> prep_resize cast to the destination, which claims
and sends resize_instance to the source. NoValidHost goes back to the
caller (the API answers 400) after the instance is put back.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

import minova.conf
from minova.conductor.tasks import base
from minova import exception
from minova import objects
from minova.objects import instance_action
from minova.objects import migration as migration_obj
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'conductor_migrate_server'


class MigrationTask:
    def __init__(self, context, instance, flavor, clean_shutdown,
                 scheduler_rpcapi, compute_rpcapi):
        self.context = context
        self.instance = instance
        self.flavor = flavor
        self.clean_shutdown = clean_shutdown
        self.scheduler_rpcapi = scheduler_rpcapi
        self.compute_rpcapi = compute_rpcapi
        self.is_resize = flavor.flavorid != instance.flavor.flavorid
        self.action = 'resize' if self.is_resize else 'migrate'

    def execute(self):
        watch = timeutils.StopWatch().start()
        migration = self._create_migration()
        try:
            with instance_action.EventReporter(self.context, EVENT,
                                               CONF.host,
                                               self.instance.uuid):
                dest = self._select_destination(migration)
        except Exception as error:
            base.fail_scheduling(self.context, self.instance, migration,
                                 self.action, error)
            if isinstance(error, exception.NoValidHost):
                raise
            raise exception.NoValidHost(reason=str(error))
        LOG.info('%s of %s: %s -> %s (migration %d), scheduled in %.3fs',
                 self.action, self.instance.uuid, migration.source_compute,
                 dest['host'], migration.id, watch.elapsed())
        with spans.span(self.context, 'conductor_cast_to_compute',
                        to_host=dest['host']):
            self.compute_rpcapi.prep_resize(
                self.context, self.instance, self.flavor, migration,
                dest['host'], dest['nodename'], self.clean_shutdown)
        spans.flush(self.context, [self.instance.uuid])

    def _create_migration(self):
        instance = self.instance
        migration = objects.Migration(
            self.context.elevated(), source_compute=instance.host,
            source_node=instance.node, instance_uuid=instance.uuid,
            status='pre-migrating',
            migration_type=(migration_obj.RESIZE if self.is_resize
                            else migration_obj.MIGRATION),
            old_instance_type_id=instance.flavor.id,
            new_instance_type_id=self.flavor.id,
            old_flavor=instance.flavor, new_flavor=self.flavor)
        migration.create()
        return migration

    def _select_destination(self, migration):
        same_host = self.is_resize and CONF.allow_resize_to_same_host
        spec = base.request_spec_for(
            self.instance, self.flavor,
            ignore_hosts=() if same_host else (self.instance.host,))
        destinations = self.scheduler_rpcapi.select_destinations(
            self.context, spec, [self.instance.uuid],
            migration_id=migration.id)
        if not destinations:
            raise exception.NoValidHost(reason='no destination')
        dest = destinations[0]
        migration.dest_compute = dest['host']
        migration.dest_node = dest['nodename']
        migration.dest_host = dest['host']
        return dest
