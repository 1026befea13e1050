"""Server side of the compute RPC API: one manager per compute host.

A thin dispatcher: each RPC method (see compute/rpcapi.py) hands its work
to a small unit (InstanceBuilder, ResourceTracker, the virt driver).
Work on one instance is serialised by a per-instance lock, builds run in
green threads bounded by [DEFAULT] max_concurrent_builds.
"""

import functools

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

from minova.compute import build
from minova.compute import instance_actions
from minova.compute import evacuate
from minova.compute import instance_state
from minova.compute import power_state
from minova.compute import move_api
from minova.compute import resize
from minova.compute import reaper
from minova.compute import rebuild
from minova.compute import recovery
from minova.compute import rescue
from minova.compute import resource_tracker
from minova.compute import rpcapi as compute_rpcapi
from minova.compute import shelve
from minova.compute import snapshot
from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import api as conductor_api
from minova import concurrency
from minova import context as minova_context
import minova.conf
from minova import exception
from minova.image import glance
from minova import manager
from minova.network import api as network_api
from minova import notifications
from minova import objects
from minova.timeline import spans
from minova.virt import driver as virt_driver

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def _instance_lock(func):
    """Run ``func`` holding the instance's lock (one operation at once)."""
    @functools.wraps(func)
    def wrapper(self, context, instance, *args, **kwargs):
        with lockutils.lock('instance-%s' % instance.uuid):
            return func(self, context, instance, *args, **kwargs)
    return wrapper


def _deleted_old_enough(instance, seconds):
    """Soft deleted at least ``seconds`` ago (or when, we do not know)."""
    return not instance.deleted_at or timeutils.is_older_than(
        instance.deleted_at, seconds)


class ComputeManager(manager.Manager):
    target = messaging.Target(version='1.80')

    def __init__(self, host=None, driver=None):
        super().__init__()
        self.host = host or CONF.host
        self.driver = driver or virt_driver.load_compute_driver(
            CONF.compute_driver)
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        self.compute_task_api = conductor_api.ComputeTaskAPI()
        self.network_api = network_api.API()
        self.builder = build.InstanceBuilder(self.host, self.driver,
                                             self.rt, self.compute_task_api,
                                             self.network_api)
        self._build_semaphore = concurrency.semaphore(
            CONF.max_concurrent_builds)
        self.resizer = resize.Resizer(self.host, self.driver, self.rt,
                                      compute_rpcapi.ComputeAPI(),
                                      self.network_info)
        self.evacuator = evacuate.Evacuator(self.host, self.driver, self.rt,
                                            self.network_info)
        self.recovery = recovery.RestartRecovery(self)
        self.deleted_reaper = reaper.DeletedGuestReaper(self)
        self.orphan_reaper = reaper.OrphanReaper(self.host, self.driver)
        self.image_api = glance.API()
        self.snapshotter = snapshot.Snapshotter(self.host, self.driver,
                                                self.image_api)
        self.rebuilder = rebuild.Rebuilder(self.host, self.driver)
        self.shelver = shelve.Shelver(self.host, self.driver, self.rt,
                                      self.snapshotter, self.network_info)
        self.rescuer = rescue.Rescuer(self.host, self.driver,
                                      self.image_api)

    def init_host(self, context):
        """At start: the hypervisor, then every instance this host left
        in a task state (compute/recovery.py), the guests of instances
        deleted while it was down and the orphans (compute/reaper.py),
        then the resources."""
        self.driver.init_host(self.host)
        self.evacuator.destroy_evacuated_instances(context)
        resize.recover_interrupted_moves(
            context, objects.InstanceList.get_by_host(context, self.host),
            self.host)
        self.recovery.run(context)
        self.reap_deleted_instances(context)
        self.reap_orphans(context)
        self._restore_filters(context)
        self.update_available_resource(context)

    def _restore_filters(self, context):
        """The guests' VIFs (their bridges) and filters, rebuilt from the
        database, as Nova's ``_init_instance``: a restart (or a reboot of
        the host) must not leave a guest open or unplugged."""
        for instance in objects.InstanceList.get_by_host(context,
                                                         self.host):
            if instance.vm_state in (vm_states.BUILDING, vm_states.ERROR):
                continue
            try:
                network_info = self.network_info(context, instance)
                self.driver.plug_vifs(instance, network_info)
                self.driver.ensure_filtering_rules_for_instance(
                    context, instance, network_info)
            except Exception:
                LOG.exception('Restoring the filters failed',
                              instance=instance)

    # -- periodic ---------------------------------------------------------

    @manager.periodic('update_resources_interval')
    def update_available_resource(self, context):
        with timeutils.StopWatch() as watch:
            self.rt.update_available_resource(context)
        LOG.debug('Reported resources in %.3fs', watch.elapsed())

    @manager.periodic('running_deleted_instance_poll_interval')
    def reap_deleted_instances(self, context):
        self.deleted_reaper.run(context)

    @manager.periodic('orphan_reap_interval')
    def reap_orphans(self, context):
        self.orphan_reaper.run(context)

    @manager.periodic('sync_power_state_interval')
    def sync_power_states(self, context):
        """A guest that stopped behind our back is shown as SHUTOFF."""
        for instance in objects.InstanceList.get_by_host(context,
                                                         self.host):
            if instance.task_state is not None or \
                    instance.vm_state != vm_states.ACTIVE:
                continue
            state = self.driver.get_info(instance).state
            if state == instance.power_state:
                continue
            instance.power_state = state
            if state in (power_state.SHUTDOWN, power_state.CRASHED,
                         power_state.NOSTATE):
                LOG.warning('Guest is no longer running (power state %s); '
                            'marking it stopped', state, instance=instance)
                instance.vm_state = vm_states.STOPPED
            with instance_state.unless_gone(instance):
                try:
                    instance.save(expected_task_state=[None])
                except exception.UnexpectedTaskState:
                    pass    # an action began: it sets the states itself

    @manager.periodic('shelved_poll_interval')
    def offload_shelved_instances(self, context):
        if CONF.shelved_offload_time <= 0:
            return
        self.shelver.offload_expired(
            context, objects.InstanceList.get_by_host(context, self.host))

    @manager.periodic('reclaim_instance_interval')
    def reclaim_queued_deletes(self, context):
        """Soft-deleted servers older than reclaim_instance_interval are
        deleted for good, each as its own recorded delete."""
        interval = CONF.reclaim_instance_interval
        for instance in objects.InstanceList.get_by_host(context,
                                                         self.host):
            if instance.vm_state != vm_states.SOFT_DELETED or \
                    instance.task_state is not None or \
                    not _deleted_old_enough(instance, interval):
                continue
            LOG.info('Reclaiming the soft-deleted instance',
                     instance=instance)
            ctxt = minova_context.get_admin_context()
            with instance_state.unless_gone(instance):
                try:
                    instance_state.advance(instance, task_states.DELETING,
                                           expected_task_state=[None])
                except exception.UnexpectedTaskState:
                    continue    # a restore or a delete came first
                objects.InstanceAction.action_start(
                    ctxt, instance.uuid, instance_actions.DELETE)
                self.terminate_instance(ctxt, instance)

    @manager.periodic('resize_confirm_window')
    def confirm_finished_resizes(self, context):
        """Periodic (Nova's _poll_unconfirmed_resizes): a resize that
        waited in VERIFY_RESIZE for [DEFAULT] resize_confirm_window
        seconds on this host is confirmed."""
        migrations = objects.MigrationList.get_by_filters(
            context, {'dest_compute': self.host, 'status': 'finished',
                      'updated_seconds_ago': CONF.resize_confirm_window})
        for migration in migrations:
            instance = objects.Instance(context,
                                        uuid=migration.instance_uuid)
            with instance_state.unless_gone(instance):
                instance = objects.Instance.get_by_uuid(
                    context, migration.instance_uuid)
                if instance.vm_state != vm_states.RESIZED or \
                        instance.task_state is not None:
                    continue
                LOG.info('Confirming the resize after %ss',
                         CONF.resize_confirm_window, instance=instance)
                try:
                    move_api.MoveAPI().confirm_resize(context, instance,
                                                      migration)
                except exception.MinovaException:
                    LOG.exception('Automatic confirm failed',
                                  instance=instance)

    def network_info(self, context, instance):
        """The instance's VIFs, from the info cache minova-network keeps."""
        try:
            return objects.InstanceInfoCache.get_by_instance_uuid(
                context, instance.uuid).network_info
        except Exception:
            LOG.exception('Reading the network info failed',
                          instance=instance)
            return []

    # -- RPC methods ------------------------------------------------------

    def build_and_run_instance(self, context, instance, image, request_spec,
                               admin_password=None, requested_networks=None,
                               node=None, limits=None,
                               block_device_mapping=None):
        """Returns at once; the build runs in its own green thread.
        ``block_device_mapping``: the instance's mappings, when the
        conductor sent them (else the build reads them)."""
        received = timeutils.utcnow()

        def _build():
            context.update_store()
            with self._build_semaphore:
                self._locked_build(context, instance, image, request_spec,
                                   admin_password, requested_networks, node,
                                   received, block_device_mapping)
        concurrency.spawn(_build)

    @_instance_lock
    def _locked_build(self, context, instance, image, request_spec,
                      admin_password, requested_networks, node, received,
                      block_device_mapping=None):
        spans.record(context, 'compute_lock_wait', received,
                     max_concurrent_builds=CONF.max_concurrent_builds)
        self.builder.build(context, instance, image, request_spec,
                           admin_password, requested_networks,
                           node or self.host, block_device_mapping)

    @_instance_lock
    def terminate_instance(self, context, instance):
        LOG.info('Terminating instance', instance=instance)
        with timeutils.StopWatch() as watch:
            with instance_state.acting(context, instance, self.host,
                                       'delete', 'compute_terminate_instance',
                                       on_failure=instance_state.ERROR):
                self._destroy_guest_and_network(context, instance)
                with instance_state.unless_gone(instance), spans.span(
                        context, 'compute_instance_destroyed'):
                    # The guest is gone: its addresses may be reused.
                    instance.destroy(cleaned=True)
            objects.InstanceAction.action_finish(context, instance.uuid)
            notifications.notify_about_instance_action(
                context, instance, self.host, 'delete', 'end')
        LOG.info('Terminated instance in %.3fs', watch.elapsed(),
                 instance=instance)

    def _destroy_guest_and_network(self, context, instance):
        network_info = self.network_info(context, instance)
        with spans.span(context, 'compute_guest_destroy'):
            self.driver.destroy(context, instance, network_info)
        # Nothing to give back for a server without interfaces: no call,
        # so its delete never waits on minova-network.
        if not network_info:
            return
        try:
            with spans.span(context, 'compute_network_deallocate'):
                self.network_api.deallocate_for_instance(context, instance)
        except Exception:
            # minova-network frees a deleted instance's addresses at its
            # next host sync; the delete goes on.
            LOG.exception('Giving back the network failed',
                          instance=instance)

    @_instance_lock
    def reboot_instance(self, context, instance, reboot_type):
        expected = (task_states.SOFT_REBOOT_STATES if reboot_type == 'SOFT'
                    else task_states.HARD_REBOOT_STATES)
        if not instance_state.still_in(instance, expected):
            return
        with instance_state.acting(context, instance, self.host, 'reboot',
                                   'compute_reboot_instance'):
            with spans.span(context, 'compute_guest_reboot',
                            reboot_type=reboot_type):
                self.driver.reboot(context, instance,
                                   self.network_info(context, instance),
                                   reboot_type)
            self._finish(context, instance, 'reboot', vm_states.ACTIVE,
                         expected)

    @_instance_lock
    def stop_instance(self, context, instance):
        if not instance_state.still_in(instance, [task_states.POWERING_OFF]):
            return
        with instance_state.acting(context, instance, self.host,
                                   'power_off', 'compute_stop_instance'):
            with spans.span(context, 'compute_guest_power_off'):
                self.driver.power_off(instance)
            self._finish(context, instance, 'power_off', vm_states.STOPPED,
                         [task_states.POWERING_OFF])

    @_instance_lock
    def start_instance(self, context, instance):
        if not instance_state.still_in(instance, [task_states.POWERING_ON]):
            return
        with instance_state.acting(context, instance, self.host,
                                   'power_on', 'compute_start_instance'):
            with spans.span(context, 'compute_guest_power_on'):
                self.driver.power_on(context, instance,
                                     self.network_info(context, instance))
            self._finish(context, instance, 'power_on', vm_states.ACTIVE,
                         [task_states.POWERING_ON])

    def _state_action(self, context, instance, action, work, vm_state,
                      task_state, **values):
        """``work()`` on the guest moves the instance from ``task_state``
        to ``vm_state``; a failure reverts the task state with a fault."""
        with instance_state.acting(context, instance, self.host, action,
                                   'compute_%s_instance' % action):
            # A message that waited out a restart finds its task state
            # settled (compute/settle.py): it must not touch the guest.
            instance_state.advance(instance, task_state,
                                   expected_task_state=[task_state])
            with spans.span(context, 'compute_guest_%s' % action):
                work()
            instance_state.finish(
                context, instance, self.host, action, vm_state,
                self.driver.get_info(instance).state, [task_state],
                **values)

    @_instance_lock
    def pause_instance(self, context, instance):
        self._state_action(context, instance, 'pause',
                           lambda: self.driver.pause(instance),
                           vm_states.PAUSED, task_states.PAUSING)

    @_instance_lock
    def unpause_instance(self, context, instance):
        self._state_action(context, instance, 'unpause',
                           lambda: self.driver.unpause(instance),
                           vm_states.ACTIVE, task_states.UNPAUSING)

    @_instance_lock
    def suspend_instance(self, context, instance):
        self._state_action(context, instance, 'suspend',
                           lambda: self.driver.suspend(context, instance),
                           vm_states.SUSPENDED, task_states.SUSPENDING)

    @_instance_lock
    def resume_instance(self, context, instance):
        self._state_action(
            context, instance, 'resume',
            lambda: self.driver.resume(
                context, instance, self.network_info(context, instance)),
            vm_states.ACTIVE, task_states.RESUMING)

    @_instance_lock
    def soft_delete_instance(self, context, instance):
        self._state_action(context, instance, 'soft_delete',
                           lambda: self.driver.soft_delete(instance),
                           vm_states.SOFT_DELETED, task_states.SOFT_DELETING,
                           deleted_at=timeutils.utcnow())

    @_instance_lock
    def restore_instance(self, context, instance):
        self._state_action(
            context, instance, 'restore',
            lambda: self.driver.restore(
                context, instance, self.network_info(context, instance)),
            vm_states.ACTIVE, task_states.RESTORING)

    @_instance_lock
    def trigger_crash_dump(self, context, instance):
        """An NMI; the states stay as they are, whatever the guest does."""
        with instance_state.acting(context, instance, self.host,
                                   'trigger_crash_dump',
                                   'compute_trigger_crash_dump'):
            with spans.span(context, 'compute_guest_trigger_crash_dump'):
                self.driver.trigger_crash_dump(instance)
        objects.InstanceAction.action_finish(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, self.host, 'trigger_crash_dump', 'end')

    def _finish(self, context, instance, action, vm_state, expected):
        """``action`` ends in ``vm_state`` with the guest's power state."""
        instance_state.finish(context, instance, self.host, action,
                              vm_state, self.driver.get_info(instance).state,
                              expected)

    def get_host_uptime(self, context):
        """The host's ``uptime`` line (os-hypervisors/{id}/uptime)."""
        return self.driver.get_host_uptime()

    @_instance_lock
    def inject_network_info(self, context, instance):
        """Hand the guest its network info again (injectNetworkInfo)."""
        network_info = self.network_info(context, instance)
        LOG.info('Injecting network info (%d interfaces)', len(network_info),
                 instance=instance)
        try:
            self.driver.inject_network_info(instance, network_info)
        except exception.InstanceNotFound:
            LOG.warning('No guest to inject network info into',
                        instance=instance)

    def audit_host(self, context, fix=False):
        """What is left over on this host (see compute/reaper.py):
        {'orphans': {uuid: 'guest' | 'files'}, 'deleted_guests': [uuid],
        'unproven': {uuid: {'host': ..., 'detail': ...}}} (unproven:
        guests that cannot be proven this host's nor another's).
        ``fix`` destroys them now (the deleted instances' guests whatever
        running_deleted_instance_action says: an operator asked)."""
        report = self.orphan_reaper.audit(context, fix)
        report['deleted_guests'] = self.deleted_reaper.audit(context, fix)
        return report

    @messaging.expected_exceptions(exception.InstanceNotFound,
                                   exception.ConsoleNotAvailable)
    def get_console_output(self, context, instance, tail_length=None):
        try:
            output = self.driver.get_console_output(context, instance)
        except exception.InstanceNotFound:
            raise exception.ConsoleNotAvailable()
        if tail_length is not None:
            output = _tail(output, tail_length)
        return output

    def refresh_instance_security_rules(self, context, instance_uuids):
        """Rebuild the filters of the servers among ``instance_uuids``
        that this host runs (a fanout: other hosts' servers are theirs)."""
        instances = objects.InstanceList.get_by_filters(
            context, {'uuid': list(instance_uuids), 'host': self.host})
        for instance in instances:
            try:
                self.driver.refresh_instance_security_rules(
                    context, instance,
                    self.network_info(context, instance))
            except Exception:
                LOG.exception('Refreshing the security group rules failed',
                              instance=instance)

    # -- moves: a thin dispatch to compute/resize.py and evacuate.py -------

    @_instance_lock
    def prep_resize(self, context, instance, flavor, migration, node,
                    clean_shutdown=True):
        self.resizer.prep_resize(context, instance, flavor, migration,
                                 node, clean_shutdown)

    @_instance_lock
    def resize_instance(self, context, instance, migration, flavor,
                        clean_shutdown=True):
        self.resizer.resize_instance(context, instance, migration, flavor,
                                     clean_shutdown)

    @_instance_lock
    def finish_resize(self, context, instance, migration, disk_info):
        self.resizer.finish_resize(context, instance, migration, disk_info)

    @_instance_lock
    def confirm_resize(self, context, instance, migration):
        self.resizer.confirm_resize(context, instance, migration)

    @_instance_lock
    def revert_resize(self, context, instance, migration):
        self.resizer.revert_resize(context, instance, migration)

    @_instance_lock
    def finish_revert_resize(self, context, instance, migration):
        self.resizer.finish_revert_resize(context, instance, migration)

    @messaging.expected_exceptions(exception.MigrationError)
    def read_migration_disk(self, context, instance, name, offset, length):
        """No instance lock: the destination reads while it holds its
        own, and the source's resize_instance is over."""
        return self.driver.read_migration_disk(instance, name, offset,
                                               length)

    @_instance_lock
    def evacuate_instance(self, context, instance, migration, node,
                          admin_password=None):
        self.evacuator.evacuate_instance(context, instance, migration, node,
                                         admin_password)

    # -- images from servers, rebuild, shelve, rescue ---------------------

    @_instance_lock
    def snapshot_instance(self, context, instance, image_id):
        self.snapshotter.snapshot_instance(context, instance, image_id)

    @_instance_lock
    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self.snapshotter.backup_instance(context, instance, image_id,
                                         backup_type, rotation)

    @_instance_lock
    def rebuild_instance(self, context, instance, image, admin_password):
        self.rebuilder.rebuild(context, instance, image, admin_password,
                               self.network_info(context, instance))

    @_instance_lock
    def shelve_instance(self, context, instance, image_id,
                        clean_shutdown=True):
        self.shelver.shelve(context, instance, image_id, clean_shutdown)

    @_instance_lock
    def shelve_offload_instance(self, context, instance,
                                clean_shutdown=True):
        self.shelver.offload(context, instance, clean_shutdown)

    @_instance_lock
    def unshelve_instance(self, context, instance, image, node=None,
                          limits=None):
        self.shelver.unshelve(context, instance, image, node)

    @_instance_lock
    def rescue_instance(self, context, instance, rescue_password,
                        rescue_image_ref=None):
        self.rescuer.rescue(context, instance, rescue_password,
                            rescue_image_ref,
                            self.network_info(context, instance))

    @_instance_lock
    def unrescue_instance(self, context, instance):
        self.rescuer.unrescue(context, instance,
                              self.network_info(context, instance))


def _tail(log, length):
    """The last ``length`` pieces of the log split at newlines, as Nova
    cuts it: ``length=N`` gives text that splits into exactly N lines (a
    trailing newline counts as an empty last line)."""
    return '\n'.join(log.split('\n')[-length:]) if length else ''
