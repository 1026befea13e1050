"""Building one instance on this host (ARCHITECTURE.md steps 8 and 9).

claim -> networking -> block devices -> spawn -> ACTIVE, each state saved
through the conductor with the state it expects (compute/instance_state),
so a delete during the build (task_state ``deleting``) stops the build at
the next step. A failure that another host might not have becomes a
reschedule; one that no host can get past (the image is no bootable
disk, the flavor's disk is smaller than the image) ends in ERROR with its
reason. Anything taken on this host is given back first.
"""

import contextlib
import dataclasses
import functools

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import build_records
from minova.compute import instance_state
from minova.compute import task_states
from minova.compute import vm_states
from minova import concurrency
import minova.conf
from minova import exception
from minova import notifications
from minova import objects
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'compute__do_build_and_run_instance'

# Failures that every host would have too (Nova's list in
# _build_and_run_instance): the build aborts instead of rescheduling.
NO_HOST_CAN_BUILD = (exception.FlavorDiskTooSmall,
                     exception.FlavorMemoryTooSmall,
                     exception.ImageNotActive,
                     exception.ImageUnacceptable,
                     exception.InvalidDiskFormat)


@dataclasses.dataclass
class BuildJob:
    """One build request as compute received it."""
    context: object
    instance: object
    image: dict
    request_spec: object
    admin_password: str
    requested_networks: list
    node: str
    # The instance's block device mappings when the build message
    # brought them (the conductor reads them), else read here.
    block_device_mapping: object = None
    started: object = dataclasses.field(default_factory=timeutils.utcnow)


class InstanceBuilder:
    def __init__(self, host, driver, resource_tracker, compute_task_api,
                 network_api):
        self.host = host
        self.driver = driver
        self.rt = resource_tracker
        self.compute_task_api = compute_task_api
        self.network_api = network_api

    def build(self, context, instance, image, request_spec, admin_password,
              requested_networks, node, block_device_mapping=None):
        job = BuildJob(context, instance, image, request_spec,
                       admin_password, requested_networks, node,
                       block_device_mapping)
        event = build_records.BuildEvent(context, EVENT, self.host,
                                         instance.uuid)
        LOG.info('Starting build', instance=instance)
        with timeutils.StopWatch() as watch:
            try:
                with instance_state.unless_gone(instance):
                    if self._still_building(instance, event):
                        self._build_here_or_elsewhere(job, event)
            finally:
                # What a failed build did, once it is given back.
                spans.flush(context, [instance.uuid])
        LOG.info('Build finished in %.3fs', watch.elapsed(),
                 instance=instance)

    @staticmethod
    def _still_building(instance, event):
        """Take the build, expecting the instance still to be building: a
        build message queued while this host was down may reach it after
        its restart put the instance in ERROR (compute/recovery.py); such
        a build never runs. The build's event starts in the same save."""
        try:
            instance_state.advance(
                instance, None, expected_task_state=[task_states.SCHEDULING,
                                                     None],
                expected_vm_state=[vm_states.BUILDING],
                action_records=event.start_records())
        except exception.UnexpectedVMStateError as error:
            LOG.warning('Not building: the instance is no longer building '
                        '(%s)', error.format_message(), instance=instance)
            return False
        event.started = True
        return True

    def _build_here_or_elsewhere(self, job, event):
        """Build here; when that fails, reschedule, or set ERROR when no
        host could build it."""
        try:
            with event, instance_state.unless_gone(
                        job.instance,
                        on_gone=functools.partial(self._give_back_job, job)):
                self._build_and_run(job, event)
        except NO_HOST_CAN_BUILD as error:
            self._abort(job, exception.BuildAbortException(
                instance_uuid=job.instance.uuid,
                reason=error.format_message()))
        except exception.BuildAbortException as error:
            self._abort(job, error)
        except exception.ComputeResourcesUnavailable as error:
            self._reschedule(job, error)
        except Exception as error:
            LOG.exception('Build failed on this host', instance=job.instance)
            self._reschedule(job, error)

    def _build_and_run(self, job, event):
        # Taking the build: the state check with the event's start, one
        # conductor call.
        spans.record(job.context, 'compute_take_build', job.started)
        notifications.notify_about_instance_action(
            job.context, job.instance, self.host, 'create', 'start')
        with contextlib.ExitStack() as claimed:
            with spans.span(job.context, 'compute_claim'):
                # The placement and the next step, in one save.
                claimed.enter_context(self.rt.instance_claim(
                    job.context, job.instance, job.node,
                    task_state=task_states.NETWORKING))
            with spans.span(job.context, 'compute_network_allocate'):
                network_info = self._allocate_network(job)
            with spans.span(job.context, 'compute_block_devices'):
                block_device_info = self._prepare_block_devices(job)
            with spans.span(job.context, 'compute_spawn'):
                self._spawn(job, network_info, block_device_info)
        # ACTIVE with the build's steps (who sees the server ACTIVE sees
        # its timeline), its event's finish and the action's: one save.
        instance_state.finish(
            job.context, job.instance, self.host, 'create', vm_states.ACTIVE,
            self.driver.get_info(job.instance).state,
            [task_states.SPAWNING], action_records=event.finish_records(),
            launched_at=timeutils.utcnow(with_timezone=True))
        event.finished = True
        if CONF.timeline.enabled and CONF.timeline.guest_ready_timeout:
            concurrency.spawn(self.record_guest_ready, job.context,
                              job.instance)

    def record_guest_ready(self, context, instance):
        """The create timeline's last step, after ACTIVE (which it never
        delays): from ACTIVE until the guest's console shows that it is
        up, when the driver can tell within [timeline]
        guest_ready_timeout."""
        active = timeutils.utcnow()
        ready = self.driver.wait_for_guest_ready(
            instance, CONF.timeline.guest_ready_text,
            CONF.timeline.guest_ready_timeout)
        if ready is None:
            return
        LOG.info('Guest ready %.2fs after ACTIVE',
                 (ready - active).total_seconds(), instance=instance)
        spans.record(context, 'guest_ready', active, ready,
                     console=CONF.timeline.guest_ready_text)
        spans.flush(context, [instance.uuid])

    def _allocate_network(self, job):
        """A call to minova-network (the claim's save set task_state
        ``networking``); its failure ends the build (another host would
        get the same answer)."""
        if job.requested_networks == []:
            return []   # "networks": "none"
        with timeutils.StopWatch() as watch:
            try:
                network_info = self.network_api.allocate_for_instance(
                    job.context, job.instance, job.requested_networks)
            except Exception as error:
                raise exception.BuildAbortException(
                    instance_uuid=job.instance.uuid,
                    reason='Failed to allocate the network(s), not '
                           'rescheduling: %s' % _message(error))
        LOG.info('Allocated network(s) %s in %.3fs',
                 ', '.join('%s %s' % (vif['network']['label'], ip['address'])
                           for vif in network_info
                           for sub in vif['network']['subnets']
                           for ip in sub['ips']) or '(none)',
                 watch.elapsed(), instance=job.instance)
        return network_info

    def _prepare_block_devices(self, job):
        instance_state.advance(job.instance,
                               task_states.BLOCK_DEVICE_MAPPING)
        bdms = job.block_device_mapping
        if bdms is None:
            bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
                job.context, job.instance.uuid)
        return {'block_device_mapping': bdms.objects}

    def _spawn(self, job, network_info, block_device_info):
        instance_state.advance(job.instance, task_states.SPAWNING)
        with timeutils.StopWatch() as watch:
            self.driver.spawn(job.context, job.instance, job.image, [],
                              job.admin_password, network_info,
                              block_device_info)
        LOG.info('Took %.2f seconds to spawn the instance on the '
                 'hypervisor.', watch.elapsed(), instance=job.instance)

    def give_back(self, context, instance):
        """Give back what this host took for the instance: the guest, and
        its addresses (so a reschedule can take them again)."""
        try:
            self.driver.destroy(context, instance)
        except Exception:
            LOG.exception('Cleaning up the guest failed', instance=instance)
        try:
            self.network_api.deallocate_for_instance(context, instance)
        except Exception:
            # minova-network frees a deleted instance's addresses itself.
            LOG.exception('Giving back the network failed',
                          instance=instance)

    def _give_back_job(self, job):
        self.give_back(job.context, job.instance)

    def _reschedule(self, job, error):
        LOG.warning('Build failed on this host, rescheduling: %s',
                    _message(error), instance=job.instance)
        self._give_back_job(job)
        if not isinstance(error, exception.RescheduledException):
            error = exception.RescheduledException(
                instance_uuid=job.instance.uuid, reason=_message(error))
        instance_state.reset_for_reschedule(job.context, job.instance,
                                            error, self.host)
        try:
            self.compute_task_api.build_instances(
                job.context, [job.instance], job.image, job.request_spec,
                admin_password=job.admin_password,
                requested_networks=job.requested_networks)
        except Exception as cast_error:
            self._abort(job, cast_error)

    def _abort(self, job, error):
        self._give_back_job(job)
        instance_state.fail(job.context, job.instance, error, self.host,
                            clear_placement=True)


def _message(error):
    return (error.format_message()
            if isinstance(error, exception.MinovaException) else str(error))
