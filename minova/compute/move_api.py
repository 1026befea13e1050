"""The compute API of a server's moves between hosts, used by minova-api
(and by a compute host's auto-confirm): resize, confirm and revert it,
cold migrate it, evacuate it from a host that is down, list migrations.

Each action checks the state as Nova's ``check_instance_state`` does,
records its instance action, moves the task state and hands the work on:
resize and migrate to the conductor's migrate task (a call, so "no host
can take it" is the API's answer), confirm and revert to the compute
host that does the first step, evacuate to the conductor's evacuate task.
"""

from oslo_log import log as logging

from minova.compute import instance_actions
from minova.compute import instance_state
from minova.compute import rpcapi as compute_rpcapi
from minova.compute import state_check
from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import api as conductor_api
import minova.conf
from minova import exception
from minova import objects
from minova.objects import migration as migration_obj
from minova import quota
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

RESIZABLE = [vm_states.ACTIVE, vm_states.STOPPED]
EVACUABLE = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR]


def check_upsize_quota(context, instance, new_flavor):
    """TooManyInstances when growing from the instance's flavor to
    ``new_flavor`` takes the project over its cores or ram quota (Nova's
    ``_check_quota_for_upsize``; a shrink needs no room)."""
    deltas = {'cores': new_flavor.vcpus - instance.flavor.vcpus,
              'ram': new_flavor.memory_mb - instance.flavor.memory_mb}
    deltas = {name: delta for name, delta in deltas.items() if delta > 0}
    if not deltas:
        return
    limits = quota.get_limits(instance.project_id)
    usage = quota.count_instance_usage(instance.project_id)
    overs = [name for name, delta in deltas.items()
             if limits[name] >= 0 and usage[name] + delta > limits[name]]
    if overs:
        name = overs[0]
        raise exception.TooManyInstances(
            overs=', '.join(overs), req=deltas[name], used=usage[name],
            allowed=limits[name])


class MoveAPI:
    def __init__(self):
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.compute_task_api = conductor_api.ComputeTaskAPI()

    # -- resize and cold migration ----------------------------------------

    def resize(self, context, instance, flavor_id=None, clean_shutdown=True):
        """Resize to ``flavor_id``; without one, a cold migration (same
        flavor, another host)."""
        action = 'resize' if flavor_id else 'migrate'
        state_check.require_state(instance, action,
                                         vm_state=RESIZABLE)
        new_flavor = (self._new_flavor(context, instance, flavor_id)
                      if flavor_id else instance.flavor)
        if flavor_id:
            check_upsize_quota(context, instance, new_flavor)
        instance_state.advance(instance, task_states.RESIZE_PREP,
                               expected_task_state=[None], progress=0)
        objects.InstanceAction.action_start(
            context, instance.uuid, instance_actions.RESIZE if flavor_id
            else instance_actions.MIGRATE)
        try:
            with spans.api_action(context, [instance.uuid],
                                  'api_call_to_conductor'):
                self.compute_task_api.migrate_server(
                    context, instance, new_flavor, clean_shutdown)
        except exception.NoValidHost as error:
            # The conductor has put the task state back and recorded it.
            raise exception.NoValidHostForMove(
                reason=error.format_message())

    @staticmethod
    def _new_flavor(context, instance, flavor_id):
        try:
            flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        except exception.FlavorNotFound:
            raise exception.ResizeFlavorNotFound()
        if flavor.disabled or (not flavor.is_public and
                               not context.is_admin):
            raise exception.ResizeFlavorNotFound()
        if flavor.flavorid == instance.flavor.flavorid:
            raise exception.CannotResizeToSameFlavor()
        if instance.flavor.root_gb and not flavor.root_gb:
            raise exception.CannotResizeDisk(
                reason='Resize to zero disk flavor is not allowed.')
        if flavor.root_gb < instance.flavor.root_gb:
            raise exception.CannotResizeDisk(
                reason='Resizing to a smaller disk flavor is not allowed.')
        return flavor

    def confirm_resize(self, context, instance, migration=None):
        """Keep the new host (and flavor): the source frees the old."""
        state_check.require_state(instance, 'confirmResize',
                                         vm_state=[vm_states.RESIZED])
        migration = migration or self._finished_migration(context,
                                                          instance)
        migration.set_status('confirming')
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.CONFIRM_RESIZE)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.confirm_resize(context, instance, migration,
                                               migration.source_compute)

    def confirm_resize_on_deleting(self, context, instance):
        """A server deleted in VERIFY_RESIZE: the source drops the old
        disk (and its room) while the destination deletes the guest."""
        try:
            migration = self._finished_migration(context, instance)
        except exception.InstanceNotResized:
            return
        migration.set_status('confirming')
        self.compute_rpcapi.confirm_resize(context, instance, migration,
                                           migration.source_compute)

    def revert_resize(self, context, instance):
        """Back to the source host and the old flavor: the destination
        frees the new, the source starts the guest on its own disk."""
        state_check.require_state(instance, 'revertResize',
                                         vm_state=[vm_states.RESIZED])
        migration = self._finished_migration(context, instance)
        instance_state.advance(instance, task_states.RESIZE_REVERTING,
                               expected_task_state=[None])
        migration.set_status('reverting')
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.REVERT_RESIZE)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.revert_resize(context, instance, migration,
                                              migration.dest_compute)

    @staticmethod
    def _finished_migration(context, instance):
        try:
            return objects.Migration.get_by_instance_and_status(
                context.elevated(), instance.uuid, 'finished')
        except exception.MigrationNotFound:
            raise exception.InstanceNotResized()

    # -- evacuate ---------------------------------------------------------

    def evacuate(self, context, instance, host=None, admin_password=None,
                 force=False):
        """Rebuild the server from its image on another host, because its
        own host is down. ``host`` picks the destination (``force``
        skips the scheduler's filters)."""
        state_check.require_state(instance, 'evacuate',
                                         vm_state=EVACUABLE)
        source = instance.host
        if not source:
            raise exception.InstanceInvalidState(
                action='evacuate', instance_uuid=instance.uuid,
                attr='host', state=None)
        service = objects.Service.get_by_host_and_binary(
            context.elevated(), source, 'minova-compute')
        if service is not None and service.is_up():
            raise exception.ComputeServiceInUse(host=source)
        if host is not None:
            if host == source:
                raise exception.EvacuateToSameHost()
            if objects.Service.get_by_host_and_binary(
                    context.elevated(), host, 'minova-compute') is None:
                raise exception.ComputeHostNotFound(host=host)
        instance_state.advance(instance, task_states.REBUILDING,
                               expected_task_state=[None])
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.EVACUATE)
        migration = objects.Migration(
            context.elevated(), source_compute=source,
            source_node=instance.node, instance_uuid=instance.uuid,
            status='accepted', migration_type=migration_obj.EVACUATION,
            dest_host=host, old_instance_type_id=instance.flavor.id,
            new_instance_type_id=instance.flavor.id,
            old_flavor=instance.flavor, new_flavor=instance.flavor)
        migration.create()
        with spans.api_action(context, [instance.uuid],
                              'api_cast_to_conductor'):
            self.compute_task_api.evacuate_instance(
                context, instance, migration, host=host, force=force,
                admin_password=admin_password)

    # -- listing ----------------------------------------------------------

    @staticmethod
    def get_migrations(context, filters):
        return objects.MigrationList.get_by_filters(context, filters)

    @staticmethod
    def get_migrations_in_progress(context, instance_uuid):
        statuses = ('accepted', 'pre-migrating', 'migrating',
                    'post-migrating', 'finished', 'confirming',
                    'reverting')
        return objects.MigrationList.get_by_filters(
            context, {'instance_uuid': instance_uuid,
                      'status': list(statuses)})
