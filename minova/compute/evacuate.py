"""Evacuation on the compute hosts: the destination rebuilds a server
whose host is down from its image (Nova's rebuild_instance with
``recreate=True``); the old host, when it comes back, removes what is
left of it there (Nova's ``_destroy_evacuated_instances`` in init_host).

The fixed IPs stay with the server (minova-network keeps them); the disk
is new, from the image, as Nova does without shared storage.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import instance_state
from minova.compute import task_states
from minova.compute import vm_states
from minova import context as minova_context
from minova import exception
from minova.image import glance
from minova import objects
from minova.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

# Evacuations whose leftovers the source removes when it comes back.
CLEAN_UP_STATUSES = ['accepted', 'pre-migrating', 'done', 'error']


class Evacuator:
    def __init__(self, host, driver, resource_tracker, network_info,
                 image_api=None):
        self.host = host
        self.driver = driver
        self.rt = resource_tracker
        self._network_info = network_info
        self.image_api = image_api or glance.API()

    def evacuate_instance(self, context, instance, migration, node,
                          admin_password=None):
        """Destination: claim, spawn from the image, end as the server
        was (a stopped server is stopped again)."""
        was_stopped = instance.vm_state == vm_states.STOPPED
        with instance_state.acting(context, instance, self.host,
                                   'evacuate', 'compute_rebuild_instance',
                                   on_failure=instance_state.ERROR):
            try:
                self._rebuild_here(context, instance, migration, node,
                                   admin_password)
            except Exception:
                migration.set_status('error')
                raise
            if was_stopped:
                self.driver.power_off(instance)
            migration.set_status('done')
            instance_state.finish(
                context, instance, self.host, 'evacuate',
                vm_states.STOPPED if was_stopped else vm_states.ACTIVE,
                self.driver.get_info(instance).state,
                [task_states.REBUILD_SPAWNING],
                launched_at=timeutils.utcnow(with_timezone=True))

    def _rebuild_here(self, context, instance, migration, node,
                      admin_password):
        image_meta = self.image_api.show(context, instance.image_ref)
        with self.rt.instance_claim(context, instance, node):
            migration.dest_compute = self.host
            migration.dest_node = node
            migration.status = 'pre-migrating'
            migration.save()
            instance_state.advance(
                instance, task_states.REBUILD_SPAWNING,
                expected_task_state=[task_states.REBUILDING])
            with timeutils.StopWatch() as watch:
                self.driver.spawn(context, instance, image_meta, [],
                                  admin_password,
                                  self._network_info(context, instance),
                                  None)
            LOG.info('Rebuilt the evacuated instance in %.2fs',
                     watch.elapsed(), instance=instance)

    def destroy_evacuated_instances(self, context):
        """Source, at start: remove the guests and files of instances
        that were evacuated from here while this host was down. Only
        this host's own guests are touched (the driver checks)."""
        migrations = objects.MigrationList.get_by_filters(
            context, {'source_compute': self.host,
                      'migration_type': migration_obj.EVACUATION,
                      'status': CLEAN_UP_STATUSES})
        for migration in migrations:
            instance = self._instance(context, migration.instance_uuid)
            if instance.host == self.host and not instance.deleted:
                continue    # never left: still ours
            LOG.info('Removing the local guest of instance %s, evacuated '
                     'to %s', migration.instance_uuid,
                     migration.dest_compute)
            try:
                self.driver.destroy_evacuated(context, instance)
            except Exception:
                LOG.exception('Removing the evacuated guest failed',
                              instance=instance)
                continue
            if migration.status == 'done':
                migration.set_status('completed')

    @staticmethod
    def _instance(context, instance_uuid):
        try:
            return objects.Instance.get_by_uuid(
                context.elevated(read_deleted='yes'), instance_uuid)
        except exception.InstanceNotFound:
            return objects.Instance(minova_context.get_admin_context(),
                                    uuid=instance_uuid, host=None,
                                    deleted=True, id=0)
