"""The compute API used by minova-api: checks, DB writes, then RPC.

``create`` follows ARCHITECTURE.md steps 2-4: multi-create rules,
availability zone, quota (counted, then rechecked after the rows are
written), instance rows with their action, and a cast to the conductor.
Other actions check the instance's state, record the action, set the
task state and cast to the compute host that has the instance.
"""

import dataclasses
import re

from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

from minova.compute import image_record
from minova.compute import instance_actions
from minova.compute import instance_state
from minova.compute import move_api
from minova.compute import power_state
from minova.compute import rpcapi as compute_rpcapi
from minova.compute.state_check import check_instance_lock
from minova.compute.state_check import check_instance_state
from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import api as conductor_api
import minova.conf
from minova import exception
from minova.image import glance
from minova.network import security_group_api
from minova import notifications
from minova import objects
from minova import quota
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

MULTI_NAME_TEMPLATE = '%(name)s-%(count)d'

# Where a snapshot, a backup or a shelve may start (Nova's).
SNAPSHOT_STATES = [vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                   vm_states.SUSPENDED]


def _hostname(display_name, default='server'):
    """An RFC 952 hostname made from the display name, as Nova does."""
    name = re.sub(r'[^\w.-]+', '-', display_name.lower(), flags=re.ASCII)
    name = re.sub(r'[._]+', '-', name).strip('-')[:63].strip('-')
    return name or default


def image_system_metadata(image):
    """The ``image_*`` keys an instance keeps of the image it runs."""
    system_metadata = {'image_%s' % k: str(v)
                       for k, v in image.get('properties', {}).items()
                       if v is not None}
    for key in ('min_ram', 'min_disk', 'disk_format', 'container_format'):
        if image.get(key) is not None:
            system_metadata['image_%s' % key] = str(image[key])
    return system_metadata


def _reservation_id():
    return 'r-%s' % uuidutils.generate_uuid()[:8]


@dataclasses.dataclass(frozen=True, kw_only=True)
class BootRequest:
    """What the API controller resolved from a create body: a typed value,
    so a misspelled field is a TypeError, not a silently dropped key. The
    instance counts are checked here, once."""

    display_name: str
    flavor: objects.Flavor
    image_id: str | None = None
    display_description: str | None = None
    key_name: str | None = None
    metadata: dict = dataclasses.field(default_factory=dict)
    user_data: str | None = None
    availability_zone: str | None = None
    forced_host: str | None = None
    forced_node: str | None = None
    min_count: int = 1
    #: None: as many as min_count.
    max_count: int | None = None
    scheduler_hints: dict = dataclasses.field(default_factory=dict)
    requested_networks: list | None = None
    config_drive: bool | None = None
    access_ip_v4: str | None = None
    access_ip_v6: str | None = None
    admin_password: str | None = None
    #: Names of the security groups asked for (none: ``default``).
    security_groups: list = dataclasses.field(default_factory=list)

    def __post_init__(self):
        # None from a body that left them out means "none given".
        for name in ('metadata', 'scheduler_hints'):
            if getattr(self, name) is None:
                object.__setattr__(self, name, {})
        if self.max_count is None:
            object.__setattr__(self, 'max_count', self.min_count)
        if self.min_count < 1:
            raise exception.ValidationError(detail='min_count must be >= 1')
        if self.min_count > self.max_count:
            raise exception.ValidationError(
                detail='min_count must be <= max_count')


class API:
    def __init__(self, image_api=None):
        self.image_api = image_api or glance.API()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.compute_task_api = conductor_api.ComputeTaskAPI()
        self.security_group_api = security_group_api.SecurityGroupAPI()

    # -- reading ----------------------------------------------------------

    def get(self, context, instance_id, expected_attrs=None):
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        instance = objects.Instance.get_by_uuid(
            context, instance_id, expected_attrs=expected_attrs)
        if not context.is_admin and \
                instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return instance

    def get_all(self, context, filters, sort_keys=None, sort_dirs=None,
                limit=None, marker=None, expected_attrs=None):
        return objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker, expected_attrs=expected_attrs)

    # -- create -----------------------------------------------------------

    def create(self, context, boot):
        """Write the instances of ``boot`` and start building them.

        Returns (instances, reservation_id). Everything that can be wrong
        with the request raises before the first row is written.
        """
        watch = timeutils.StopWatch().start()
        image = self._image_for_boot(context, boot)
        self._check_availability_zone(context, boot.availability_zone)
        if boot.forced_host:
            context.can('os_compute_api:servers:create:forced_host', {})
        key_data = None
        if boot.key_name is not None:
            try:
                key_data = objects.KeyPair.get_by_name(
                    context, context.user_id, boot.key_name).public_key
            except exception.KeypairNotFound:
                raise exception.KeypairNotFoundForCreate()
        security_groups = self.security_group_api.for_boot(
            context, boot.security_groups)
        # From the request's arrival: auth, validation, image, checks.
        spans.record(context, 'api_accept', context.timestamp)
        with spans.span(context, 'api_quota'):
            # One read of the project's limits serves every check below.
            limits = quota.get_limits(context.project_id)
            if 0 <= limits['metadata_items'] < len(boot.metadata):
                raise exception.OverQuota(overs='metadata_items')
            group = self._server_group(context, boot.scheduler_hints,
                                       limits)
            count = quota.allowed_instances(
                context.project_id, boot.max_count, boot.flavor,
                minimum=boot.min_count, limits=limits,
                user_id=context.user_id)

        reservation_id = _reservation_id()
        with spans.span(context, 'api_rows_written', count=count):
            instances = self._provision_instances(
                context, boot, image, count, reservation_id, key_data,
                group, limits, security_groups)
            request_spec = self._request_spec(context, boot, image,
                                              instances, group)
        try:
            with spans.span(context, 'api_cast_to_conductor'):
                self.compute_task_api.build_instances(
                    context, instances, image, request_spec,
                    admin_password=boot.admin_password,
                    requested_networks=boot.requested_networks)
        except Exception as error:
            # No build message, no rows: the request failed as a whole.
            # (A process killed between the rows and the cast leaves rows
            # without a message: the conductor's stale check ends them.)
            LOG.error('Sending the build of reservation %s failed: %s',
                      reservation_id, error)
            self._undo_instances(instances)
            raise exception.ServiceUnavailable(
                reason='the build could not be sent to the conductor')
        spans.flush(context, [i.uuid for i in instances])
        LOG.info('Accepted %d instance(s) of reservation %s in %.3fs',
                 len(instances), reservation_id,
                 watch.elapsed())
        return instances, reservation_id

    def _image_for_boot(self, context, boot):
        if not boot.image_id:
            raise exception.InvalidInput(
                reason='imageRef is required: minova has no block storage '
                       'service to boot from a volume.')
        return self._bootable_image(context, boot.image_id, boot.flavor)

    def _bootable_image(self, context, image_id, flavor):
        """The active image ``image_id`` if ``flavor`` can boot it."""
        try:
            image = self.image_api.show(context, image_id)
        except exception.ImageNotFound:
            raise exception.ImageNotFoundForCreate()
        if image.get('status') != 'active':
            raise exception.ImageNotActive(image_id=image_id)
        if image['min_ram'] > flavor.memory_mb:
            raise exception.FlavorMemoryTooSmall()
        if flavor.root_gb and image['min_disk'] > flavor.root_gb:
            raise exception.FlavorDiskTooSmall()
        return image

    def _check_availability_zone(self, context, zone):
        if zone is None:
            return
        zones = {CONF.default_availability_zone}
        zones.update(node.availability_zone for node in
                     objects.ComputeNodeList.get_all(context.elevated())
                     if node.availability_zone)
        if zone not in zones:
            raise exception.InvalidAvailabilityZone()

    def _server_group(self, context, hints, limits):
        group_uuid = hints.get('group')
        if not group_uuid:
            return None
        if isinstance(group_uuid, list):
            group_uuid = group_uuid[0]
        try:
            group = objects.InstanceGroup.get_by_uuid(context, group_uuid)
        except exception.InstanceGroupNotFound:
            raise exception.InvalidServerGroupHint(group=group_uuid)
        if not context.is_admin and group.project_id != context.project_id:
            raise exception.InvalidServerGroupHint(group=group_uuid)
        limit = limits['server_group_members']
        if 0 <= limit < len(group.members) + 1:
            raise exception.OverQuota(overs='server_group_members')
        return group

    def _provision_instances(self, context, boot, image, count,
                             reservation_id, key_data, group, limits,
                             security_groups=()):
        created = []
        try:
            for index in range(count):
                instance = self._new_instance(context, boot, image, index,
                                              count, reservation_id,
                                              key_data)
                instance.create()
                created.append(instance)
                objects.BlockDeviceMapping(
                    context, instance_uuid=instance.uuid,
                    source_type='image', destination_type='local',
                    boot_index=0, image_id=image['id'],
                    delete_on_termination=True).create()
                objects.InstanceAction.action_start(
                    context, instance.uuid, instance_actions.CREATE)
                for security_group in security_groups:
                    security_group.add_instance(instance.uuid)
            if group is not None:
                objects.InstanceGroup.add_members(
                    context, group.uuid, [i.uuid for i in created])
            if CONF.quota.recheck_quota:
                quota.recheck_instances(context.project_id, limits)
        except Exception:
            # Undo every row of this request: nothing half-written stays.
            self._undo_instances(created)
            raise
        return created

    @staticmethod
    def _undo_instances(instances):
        for instance in instances:
            try:
                instance.destroy(hard=True)
            except exception.InstanceNotFound:
                pass

    def _new_instance(self, context, boot, image, index, count,
                      reservation_id, key_data):
        name = boot.display_name
        if count > 1:
            name = MULTI_NAME_TEMPLATE % {'name': name, 'count': index + 1}
        props = image.get('properties', {})
        flavor = boot.flavor
        system_metadata = image_system_metadata(image)
        zone = boot.availability_zone or CONF.default_schedule_zone
        return objects.Instance(
            context,
            user_id=context.user_id, project_id=context.project_id,
            image_ref=image['id'], kernel_id=props.get('kernel_id'),
            ramdisk_id=props.get('ramdisk_id'),
            display_name=name,
            display_description=boot.display_description,
            hostname=_hostname(name), launch_index=index,
            key_name=boot.key_name, key_data=key_data,
            power_state=power_state.NOSTATE,
            vm_state=vm_states.BUILDING,
            task_state=task_states.SCHEDULING,
            memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
            root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
            instance_type_id=flavor.id, flavor=flavor,
            user_data=boot.user_data, reservation_id=reservation_id,
            availability_zone=zone,
            config_drive='True' if boot.config_drive else '',
            access_ip_v4=boot.access_ip_v4, access_ip_v6=boot.access_ip_v6,
            locked=False, progress=0, metadata=dict(boot.metadata),
            system_metadata=system_metadata, tags=[])

    def _request_spec(self, context, boot, image, instances, group):
        hints = {}
        for key, value in boot.scheduler_hints.items():
            values = value if isinstance(value, list) else [value]
            hints[key] = [str(v) for v in values]
        spec = objects.RequestSpec(
            project_id=context.project_id, user_id=context.user_id,
            flavor=boot.flavor, image_id=image['id'],
            image_properties={k: (str(v) if v is not None else None)
                              for k, v in image.get('properties',
                                                    {}).items()},
            num_instances=len(instances),
            availability_zone=boot.availability_zone,
            scheduler_hints=hints, retry=None,
            instance_group=group,
            force_hosts=[boot.forced_host] if boot.forced_host else [],
            force_nodes=[boot.forced_node] if boot.forced_node else [])
        return spec

    # -- changing ---------------------------------------------------------

    def update(self, context, instance, **values):
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    def delete(self, context, instance):
        """Delete on the compute host, or here when no host has it. With
        [DEFAULT] reclaim_instance_interval a server that ran is only
        soft deleted (restorable until its host reclaims it)."""
        if CONF.reclaim_instance_interval > 0 and instance.launched_at \
                and instance.vm_state != vm_states.SOFT_DELETED:
            self.soft_delete(context, instance)
            return
        self._delete(context, instance)

    def _delete(self, context, instance):
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.DELETE)
        if instance.vm_state == vm_states.RESIZED:
            # The source still keeps the old disk: it goes first (Nova's
            # _confirm_resize_on_deleting).
            move_api.MoveAPI().confirm_resize_on_deleting(context, instance)
        shelved_image = (instance.system_metadata or {}).get(
            'shelved_image_id')
        if shelved_image:
            # A shelved server's snapshot goes with it, as in Nova.
            self._delete_image(context, shelved_image)
        if instance.host and self._host_is_up(context, instance.host):
            instance.task_state = task_states.DELETING
            instance.save()
            with spans.api_action(context, [instance.uuid]):
                self.compute_rpcapi.terminate_instance(context, instance)
            return
        self._local_delete(context, instance)

    def _host_is_up(self, context, host):
        service = objects.Service.get_by_host_and_binary(
            context.elevated(), host, 'minova-compute')
        return service is not None and service.is_up()

    def _local_delete(self, context, instance):
        """Nothing runs anywhere: mark the instance deleted in the DB."""
        notifications.notify_about_instance_action(
            context, instance, CONF.host, 'delete', 'start',
            binary='minova-api')
        spans.record(context, 'api_accept', context.timestamp)
        try:
            with spans.span(context, 'api_local_delete'):
                instance.destroy()
        except exception.InstanceNotFound:
            return
        spans.flush(context, [instance.uuid])
        objects.InstanceAction.action_finish(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, CONF.host, 'delete', 'end',
            binary='minova-api')

    def _check_state(self, instance, action, vm_state=None,
                     task_state=(None,)):
        if vm_state is not None and instance.vm_state not in vm_state:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        if task_state is not None and instance.task_state not in task_state:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)
        if not instance.host:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='host', state='None')

    @check_instance_lock
    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            self._check_state(instance, 'reboot',
                              vm_state=vm_states.ALLOW_SOFT_REBOOT)
            task_state = task_states.REBOOTING
            expected = [None]
        else:
            self._check_state(
                instance, 'reboot', vm_state=vm_states.ALLOW_HARD_REBOOT,
                task_state=(None,) + task_states.SOFT_REBOOT_STATES)
            task_state = task_states.REBOOTING_HARD
            expected = [None] + list(task_states.SOFT_REBOOT_STATES)
        instance.task_state = task_state
        instance.save(expected_task_state=expected)
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.REBOOT)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.reboot_instance(context, instance,
                                                reboot_type)

    @check_instance_lock
    def stop(self, context, instance):
        self._check_state(instance, 'stop',
                          vm_state=[vm_states.ACTIVE, vm_states.ERROR])
        instance.task_state = task_states.POWERING_OFF
        instance.progress = 0
        instance.save(expected_task_state=[None])
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.STOP)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.stop_instance(context, instance)

    @check_instance_lock
    def start(self, context, instance):
        self._check_state(instance, 'start', vm_state=[vm_states.STOPPED])
        instance.task_state = task_states.POWERING_ON
        instance.save(expected_task_state=[None])
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_actions.START)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.start_instance(context, instance)

    def get_host_uptime(self, context, host):
        """``uptime`` on ``host``, whose compute service must be up."""
        if not self._host_is_up(context, host):
            raise exception.ComputeServiceUnavailable(host=host)
        return self.compute_rpcapi.get_host_uptime(context, host)

    def inject_network_info(self, context, instance):
        """Cast to the host: give the guest its network info again."""
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        self._check_state(instance, 'injectNetworkInfo', task_state=None)
        self.compute_rpcapi.inject_network_info(context, instance)

    def get_console_output(self, context, instance, tail_length=None):
        if instance.vm_state not in (vm_states.ACTIVE, vm_states.STOPPED,
                                     vm_states.ERROR, vm_states.RESIZED,
                                     vm_states.RESCUED) \
                or not instance.host:
            raise exception.InstanceInvalidState(
                action='get_console_output', instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        return self.compute_rpcapi.get_console_output(context, instance,
                                                      tail_length)

    # -- images from servers, rebuild, rescue, shelve ---------------------

    def _begin(self, context, instance, task_state, action, image_id=None,
               **values):
        """Move from no task to ``task_state`` and record ``action``; the
        image made for the action is deleted if the move loses a race."""
        try:
            instance_state.advance(instance, task_state,
                                   expected_task_state=[None], **values)
        except Exception:
            if image_id:
                self._delete_image(context, image_id)
            raise
        objects.InstanceAction.action_start(context, instance.uuid, action)

    def _delete_image(self, context, image_id):
        """Best effort: what it cleans up must not fail the request."""
        try:
            self.image_api.delete(context, image_id)
        except exception.ImageNotFound:
            pass
        except Exception:
            LOG.exception('Deleting image %s failed', image_id)

    def _snapshot_record(self, context, instance, name, image_type,
                         extra=None):
        return self.image_api.create(context, image_record.snapshot_meta(
            context, instance, name, image_type, extra))

    @check_instance_lock
    @check_instance_state(vm_state=SNAPSHOT_STATES)
    def snapshot(self, context, instance, name, extra_properties=None):
        """createImage: the image record now, its data from compute."""
        image = self._snapshot_record(context, instance, name, 'snapshot',
                                      extra_properties)
        self._begin(context, instance, task_states.IMAGE_SNAPSHOT,
                    instance_actions.CREATE_IMAGE, image['id'])
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.snapshot_instance(context, instance,
                                                  image['id'])
        return image

    @check_instance_lock
    @check_instance_state(vm_state=SNAPSHOT_STATES)
    def backup(self, context, instance, name, backup_type, rotation,
               extra_properties=None):
        """createBackup: a snapshot, then only the newest ``rotation``
        backups of this type are kept."""
        extra = dict(extra_properties or {}, backup_type=backup_type)
        image = self._snapshot_record(context, instance, name, 'backup',
                                      extra)
        self._begin(context, instance, task_states.IMAGE_BACKUP,
                    instance_actions.BACKUP, image['id'])
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.backup_instance(
                context, instance, image['id'], backup_type, rotation)
        return image

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED,
                                    vm_states.ERROR])
    def rebuild(self, context, instance, image_id, admin_password,
                metadata=None, preserve_ephemeral=False, **fields):
        """The instance's disk made anew from ``image_id`` (or its own
        image again); its addresses stay."""
        if preserve_ephemeral:
            raise exception.InvalidInput(
                reason='preserve_ephemeral is not supported by minova\'s '
                       'virt drivers')
        image = self._bootable_image(context, image_id, instance.flavor)
        if metadata is not None:
            limit = quota.get_limits(context.project_id)['metadata_items']
            if 0 <= limit < len(metadata):
                raise exception.OverQuota(overs='metadata_items')
        props = image.get('properties', {})
        values = {'image_ref': image['id'],
                  'kernel_id': props.get('kernel_id'),
                  'ramdisk_id': props.get('ramdisk_id'),
                  'system_metadata': dict(
                      {k: v for k, v in instance.system_metadata.items()
                       if not k.startswith('image_')},
                      **image_system_metadata(image))}
        values.update(fields)
        if metadata is not None:
            values['metadata'] = dict(metadata)
        self._begin(context, instance, task_states.REBUILDING,
                    instance_actions.REBUILD, **values)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.rebuild_instance(context, instance, image,
                                                 admin_password)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED,
                                    vm_states.ERROR])
    def rescue(self, context, instance, rescue_password,
               rescue_image_ref=None):
        if rescue_image_ref:
            self._bootable_image(context, rescue_image_ref, instance.flavor)
        self._begin(context, instance, task_states.RESCUING,
                    instance_actions.RESCUE)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.rescue_instance(context, instance,
                                                rescue_password,
                                                rescue_image_ref)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.RESCUED])
    def unrescue(self, context, instance):
        self._begin(context, instance, task_states.UNRESCUING,
                    instance_actions.UNRESCUE)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.unrescue_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=SNAPSHOT_STATES)
    def shelve(self, context, instance, clean_shutdown=True):
        """Snapshot, power off, and (shelved_offload_time 0) free the
        host."""
        image = self._snapshot_record(
            context, instance, '%s-shelved' % instance.display_name,
            'snapshot')
        self._begin(context, instance, task_states.SHELVING,
                    instance_actions.SHELVE, image['id'])
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.shelve_instance(context, instance,
                                                image['id'], clean_shutdown)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SHELVED])
    def shelve_offload(self, context, instance, clean_shutdown=True):
        self._begin(context, instance, task_states.SHELVING_OFFLOADING,
                    instance_actions.SHELVE_OFFLOAD)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.shelve_offload_instance(context, instance,
                                                        clean_shutdown)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SHELVED,
                                    vm_states.SHELVED_OFFLOADED])
    def unshelve(self, context, instance):
        """Back on a host: the conductor asks the scheduler for one when
        the instance was offloaded."""
        self._begin(context, instance, task_states.UNSHELVING,
                    instance_actions.UNSHELVE)
        with spans.api_action(context, [instance.uuid],
                              'api_cast_to_conductor'):
            self.compute_task_api.unshelve_instance(context, instance)
    # -- state actions: pause, suspend, lock, soft delete, crash dump -----

    def _cast_action(self, context, instance, action, task_state, method,
                     expected_task_state=(None,)):
        """Record ``action``, move to ``task_state`` (from None unless
        told) and cast ``method`` to the instance's host."""
        instance_state.advance(instance, task_state,
                               expected_task_state=expected_task_state)
        objects.InstanceAction.action_start(context, instance.uuid, action)
        with spans.api_action(context, [instance.uuid]):
            getattr(self.compute_rpcapi, method)(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def pause(self, context, instance):
        self._cast_action(context, instance, instance_actions.PAUSE,
                          task_states.PAUSING, 'pause_instance')

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.PAUSED])
    def unpause(self, context, instance):
        self._cast_action(context, instance, instance_actions.UNPAUSE,
                          task_states.UNPAUSING, 'unpause_instance')

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def suspend(self, context, instance):
        self._cast_action(context, instance, instance_actions.SUSPEND,
                          task_states.SUSPENDING, 'suspend_instance')

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SUSPENDED])
    def resume(self, context, instance):
        self._cast_action(context, instance, instance_actions.RESUME,
                          task_states.RESUMING, 'resume_instance')

    @check_instance_lock
    @check_instance_state(vm_state=vm_states.ALLOW_TRIGGER_CRASH_DUMP)
    def trigger_crash_dump(self, context, instance):
        """No task state: what an NMI does is up to the guest."""
        objects.InstanceAction.action_start(
            context, instance.uuid, instance_actions.TRIGGER_CRASH_DUMP)
        with spans.api_action(context, [instance.uuid]):
            self.compute_rpcapi.trigger_crash_dump(context, instance)

    def lock(self, context, instance):
        """Lock; an owner's lock over an existing one changes nothing."""
        is_owner = instance.project_id == context.project_id
        if instance.locked and is_owner:
            return
        self._api_action(context, instance, instance_actions.LOCK,
                         locked=True,
                         locked_by='owner' if is_owner else 'admin')

    def unlock(self, context, instance):
        self._api_action(context, instance, instance_actions.UNLOCK,
                         locked=False, locked_by=None)

    @staticmethod
    def is_expected_locked_by(context, instance):
        """False when an admin locked it and the owner asks (or back)."""
        expected = ('owner' if instance.project_id == context.project_id
                    else 'admin')
        return not instance.locked_by or instance.locked_by == expected

    def reset_state(self, context, instance, vm_state):
        """os-resetState: the admin's word, whatever the task was."""
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save()

    def _api_action(self, context, instance, action, **values):
        """An action done here, in the API: start, write, finish."""
        objects.InstanceAction.action_start(context, instance.uuid, action)
        notifications.notify_about_instance_action(
            context, instance, CONF.host, action, 'start',
            binary='minova-api')
        task_state = values.pop('task_state', instance.task_state)
        instance_state.advance(instance, task_state, **values)
        objects.InstanceAction.action_finish(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, CONF.host, action, 'end',
            binary='minova-api')

    @check_instance_lock
    @check_instance_state(vm_state=None, task_state=None)
    def soft_delete(self, context, instance):
        """Power the guest off and keep it; the host reclaims it after
        reclaim_instance_interval unless it is restored."""
        if instance.host and self._host_is_up(context, instance.host):
            # As a delete: whatever task runs (it finds itself preempted).
            self._cast_action(context, instance, instance_actions.DELETE,
                              task_states.SOFT_DELETING,
                              'soft_delete_instance',
                              expected_task_state=[instance.task_state])
            return
        self._api_action(context, instance, instance_actions.DELETE,
                         vm_state=vm_states.SOFT_DELETED, task_state=None,
                         deleted_at=timeutils.utcnow())

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SOFT_DELETED])
    def restore(self, context, instance):
        if instance.host and self._host_is_up(context, instance.host):
            instance.deleted_at = None
            self._cast_action(context, instance, instance_actions.RESTORE,
                              task_states.RESTORING, 'restore_instance')
            return
        self._api_action(context, instance, instance_actions.RESTORE,
                         vm_state=vm_states.ACTIVE, deleted_at=None)

    @check_instance_lock
    @check_instance_state(must_have_launched=False)
    def force_delete(self, context, instance):
        """Delete now, soft deleted or not."""
        self._delete(context, instance)

    # -- server data: metadata and tags ---------------------------------

    @check_instance_lock
    @check_instance_state(vm_state=vm_states.ALLOW_METADATA_CHANGE,
                          task_state=None)
    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        """Merge ``metadata`` in (``delete``: it replaces all), within
        the project's metadata_items quota; returns the new metadata."""
        new = dict(metadata) if delete else dict(instance.metadata,
                                                 **metadata)
        limit = quota.get_limits(instance.project_id)['metadata_items']
        if 0 <= limit < len(new):
            raise exception.MetadataLimitExceeded(allowed=limit)
        instance.metadata = new
        instance.save()
        return new

    @check_instance_lock
    @check_instance_state(vm_state=vm_states.ALLOW_METADATA_CHANGE,
                          task_state=None)
    def delete_instance_metadata(self, context, instance, key):
        if key not in instance.metadata:
            raise exception.MetadataItemNotFound()
        instance.metadata = {k: v for k, v in instance.metadata.items()
                             if k != key}
        instance.save()

    @check_instance_state(vm_state=vm_states.ALLOW_TAG_CHANGE,
                          task_state=None, must_have_launched=False)
    def set_instance_tags(self, context, instance, tags):
        """The server's tags become ``tags`` (duplicates dropped)."""
        instance.tags = list(dict.fromkeys(tags))
        instance.save()
        return list(instance.tags)
