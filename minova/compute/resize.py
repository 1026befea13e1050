"""A resize or cold migration on the compute hosts (Nova's prep_resize,
resize_instance, finish_resize, confirm_resize, revert_resize and
finish_revert_resize), one method per step.

    destination  prep_resize       claim (MoveClaim)   -> resize_instance
    source       resize_instance   power off, disk ready to be read
                                                       -> finish_resize
    destination  finish_resize     read the disk from the source, start
                                   (VERIFY_RESIZE; the instance's host)
    source       confirm_resize    drop the old disk (migration confirmed)
    destination  revert_resize     drop the new guest  -> finish_revert
    source       finish_revert_resize  the old disk back, start again

Every step runs under ``instance_state.acting`` (its action event,
notifications, fault); a step that fails after the guest was powered
off leaves the instance in ERROR, as Nova does, with the migration in
``error`` so its room is given back.
"""

import contextlib
import functools

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import instance_state
from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states
from minova import exception
from minova import notifications
from minova import objects
from minova.timeline import spans

LOG = logging.getLogger(__name__)


def flavor_values(flavor):
    """The instance columns that follow its flavor."""
    return dict(flavor=flavor, instance_type_id=flavor.id,
                memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
                root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb)


def _old_vm_state(instance):
    return (instance.system_metadata or {}).get('old_vm_state',
                                                vm_states.ACTIVE)


def _without_old_vm_state(instance):
    metadata = dict(instance.system_metadata or {})
    metadata.pop('old_vm_state', None)
    return metadata


def _migration_failed(migration):
    """Run on the way out of a failed step: the migration ends."""
    try:
        migration.set_status('error')
    except Exception:
        LOG.exception('Marking migration %s as failed failed', migration.id)


# A restart interrupted the move in these task states: the guest may be
# half moved, so the instance goes to ERROR (as Nova's _init_instance).
# (An interrupted rebuild goes to ERROR too: compute/task_rules.py.)
INTERRUPTED = (task_states.RESIZE_MIGRATING, task_states.RESIZE_MIGRATED,
               task_states.RESIZE_FINISH, task_states.RESIZE_REVERTING)


def recover_interrupted_moves(context, instances, host):
    """At start: a move this host was in the middle of never finishes.
    ``resize_prep`` (nothing moved yet) is cleared; later states go to
    ERROR with a fault. Their migrations end in ``error``."""
    for instance in instances:
        if instance.task_state not in INTERRUPTED + (
                task_states.RESIZE_PREP,):
            continue
        error = exception.MigrationError(
            reason='the compute service on %s restarted during the move '
                   '(task state %s)' % (host, instance.task_state))
        for migration in objects.MigrationList.get_by_filters(
                context, {'instance_uuid': instance.uuid,
                          'status': ['pre-migrating', 'migrating',
                                     'post-migrating', 'reverting',
                                     'accepted']}):
            _migration_failed(migration)
        with instance_state.unless_gone(instance):
            if instance.task_state == task_states.RESIZE_PREP:
                instance_state.revert(context, instance, error, host,
                                      'resize')
            else:
                instance_state.fail(context, instance, error, host,
                                    'resize')


class Resizer:
    def __init__(self, host, driver, resource_tracker, compute_rpcapi,
                 network_info):
        self.host = host
        self.driver = driver
        self.rt = resource_tracker
        self.compute_rpcapi = compute_rpcapi
        self._network_info = network_info

    def prep_resize(self, context, instance, flavor, migration, node,
                    clean_shutdown=True):
        """Destination: room for ``flavor`` here, then the source goes on.
        A claim that fails puts the instance back (task state cleared)."""
        if not instance_state.still_in(instance, [task_states.RESIZE_PREP]):
            return
        with self._step(context, instance, migration, 'resize_prep',
                        'compute_prep_resize',
                        on_failure=instance_state.REVERT):
            with spans.span(context, 'compute_move_claim'):
                claim = self.rt.move_claim(context, instance, flavor, node,
                                           migration)
            with claim:
                notifications.notify_about_instance_action(
                    context, instance, self.host, 'resize_prep', 'end')
                with spans.span(context, 'compute_cast_to_source',
                                to_host=migration.source_compute):
                    self.compute_rpcapi.resize_instance(
                        context, instance, migration, flavor, clean_shutdown)

    def resize_instance(self, context, instance, migration, flavor,
                        clean_shutdown=True):
        """Source: power off and make the disk ready for the destination
        to read (the driver keeps the old files for a revert)."""
        if not instance_state.still_in(instance, [task_states.RESIZE_PREP]):
            return
        with self._step(context, instance, migration, 'resize',
                        'compute_resize_instance'):
            migration.set_status('migrating')
            metadata = dict(instance.system_metadata or {},
                            old_vm_state=instance.vm_state)
            instance_state.advance(
                instance, task_states.RESIZE_MIGRATING,
                expected_task_state=[task_states.RESIZE_PREP],
                system_metadata=metadata)
            with timeutils.StopWatch() as watch, spans.span(
                    context, 'compute_guest_power_off_and_disk'):
                disk_info = self.driver.migrate_disk_and_power_off(
                    context, instance, migration.dest_compute, flavor,
                    self._network_info(context, instance),
                    timeout=None if clean_shutdown else 0)
            LOG.info('Powered off and prepared the disk for %s in %.2fs',
                     migration.dest_compute, watch.elapsed(),
                     instance=instance)
            migration.set_status('post-migrating')
            instance_state.advance(
                instance, task_states.RESIZE_MIGRATED,
                expected_task_state=[task_states.RESIZE_MIGRATING],
                power_state=power_state.SHUTDOWN)
            notifications.notify_about_instance_action(
                context, instance, self.host, 'resize', 'end')
            with spans.span(context, 'compute_cast_to_destination',
                            to_host=migration.dest_compute):
                self.compute_rpcapi.finish_resize(context, instance,
                                                  migration, disk_info)

    def finish_resize(self, context, instance, migration, disk_info):
        """Destination: the disk from the source, the guest with the new
        flavor; the instance lives here now (VERIFY_RESIZE)."""
        if not instance_state.still_in(instance,
                                       [task_states.RESIZE_MIGRATED]):
            return
        with self._step(context, instance, migration, 'resize_finish',
                        'compute_finish_resize'):
            instance_state.advance(
                instance, task_states.RESIZE_FINISH,
                expected_task_state=[task_states.RESIZE_MIGRATED])
            flavor = migration.new_flavor
            read = functools.partial(self.compute_rpcapi.read_migration_disk,
                                     context, instance,
                                     migration.source_compute)
            with timeutils.StopWatch() as watch, spans.span(
                    context, 'compute_guest_finish_migration'):
                self.driver.finish_migration(
                    context, migration, instance, flavor, disk_info,
                    self._network_info(context, instance), read,
                    power_on=_old_vm_state(instance) != vm_states.STOPPED)
            LOG.info('Finished the move from %s in %.2fs',
                     migration.source_compute, watch.elapsed(),
                     instance=instance)
            # The migration first, as Nova: a client that sees
            # VERIFY_RESIZE may confirm at once, and the confirm looks
            # for the 'finished' migration.
            migration.set_status('finished')
            instance_state.finish_move(
                context, instance, self.host, migration.dest_node,
                'resize_finish', vm_states.RESIZED,
                self.driver.get_info(instance).state,
                [task_states.RESIZE_FINISH], **flavor_values(flavor))

    def confirm_resize(self, context, instance, migration):
        """Source: the old disk goes; the migration is confirmed."""
        with instance_state.acting(context, instance, self.host,
                                   'resize_confirm',
                                   'compute_confirm_resize'):
            with spans.span(context, 'compute_guest_drop_source'):
                self.driver.confirm_migration(context, migration, instance)
            migration.set_status('confirmed')
            # A confirm on the way to a delete finds the instance going.
            with instance_state.unless_gone(instance):
                instance_state.finish(
                    context, instance, self.host, 'resize_confirm',
                    _old_vm_state(instance), instance.power_state, [None],
                    system_metadata=_without_old_vm_state(instance))

    def revert_resize(self, context, instance, migration):
        """Destination: the new guest and its files go; the source
        starts the old one."""
        if not instance_state.still_in(instance,
                                       [task_states.RESIZE_REVERTING]):
            return
        with self._step(context, instance, migration, 'resize_revert',
                        'compute_revert_resize'):
            with spans.span(context, 'compute_guest_destroy'):
                self.driver.destroy(context, instance,
                                    self._network_info(context, instance))
            with spans.span(context, 'compute_cast_to_source',
                            to_host=migration.source_compute):
                self.compute_rpcapi.finish_revert_resize(
                    context, instance, migration, migration.source_compute)

    def finish_revert_resize(self, context, instance, migration):
        """Source: the old disk and flavor back, the guest as it was."""
        if not instance_state.still_in(instance,
                                       [task_states.RESIZE_REVERTING]):
            return
        with self._step(context, instance, migration, 'resize_revert',
                        'compute_finish_revert_resize'):
            old_vm_state = _old_vm_state(instance)
            with spans.span(context, 'compute_guest_finish_revert'):
                self.driver.finish_revert_migration(
                    context, instance, migration.old_flavor,
                    self._network_info(context, instance),
                    power_on=old_vm_state != vm_states.STOPPED)
            instance_state.finish_move(
                context, instance, self.host, migration.source_node,
                'resize_revert', old_vm_state,
                self.driver.get_info(instance).state,
                [task_states.RESIZE_REVERTING],
                system_metadata=_without_old_vm_state(instance),
                **flavor_values(migration.old_flavor))
            migration.set_status('reverted')

    @contextlib.contextmanager
    def _step(self, context, instance, migration, action, event,
              on_failure=instance_state.ERROR):
        """One step of the move. Failing, it leaves the migration in
        error and the instance in ERROR (the guest may be off by then),
        or reverted (``on_failure=REVERT``: nothing was touched yet)."""
        with instance_state.acting(context, instance, self.host, action,
                                   event, on_failure=on_failure):
            try:
                yield
            except Exception:
                _migration_failed(migration)
                raise
