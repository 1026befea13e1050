"""Building one instance on this host (ARCHITECTURE.md steps 8 and 9).

claim -> networking -> block devices -> spawn -> ACTIVE, each state saved
through the conductor with the state it expects, so a delete during the
build (task_state ``deleting``) stops the build at the next step. A
failure that another host might not have becomes a reschedule; anything
taken on this host is given back first.
"""

import time

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states
import minova.conf
from minova import exception
from minova import notifications
from minova import objects
from minova.objects import instance_action

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# Errors that mean "this instance is gone": stop quietly.
_GONE = (exception.InstanceNotFound, exception.UnexpectedDeletingTaskState)


class InstanceBuilder:
    def __init__(self, host, driver, resource_tracker, compute_task_api,
                 network_api):
        self.host = host
        self.driver = driver
        self.rt = resource_tracker
        self.compute_task_api = compute_task_api
        self.network_api = network_api

    def build(self, context, instance, image, request_spec, admin_password,
              requested_networks, node):
        started = time.monotonic()
        LOG.info('Starting build', instance=instance)
        try:
            instance.vm_state = vm_states.BUILDING
            instance.task_state = None
            instance.save(expected_task_state=[task_states.SCHEDULING, None])
        except _GONE:
            LOG.info('Instance was deleted before its build started',
                     instance=instance)
            return
        try:
            with instance_action.EventReporter(
                    context, 'compute__do_build_and_run_instance',
                    self.host, instance.uuid):
                try:
                    self._build_and_run(context, instance, image,
                                        admin_password, requested_networks,
                                        node)
                except exception.RescheduledException as error:
                    self._reschedule(context, instance, image,
                                     request_spec, admin_password,
                                     requested_networks, error)
                except _GONE:
                    LOG.info('Instance was deleted during its build',
                             instance=instance)
                    self._cleanup(context, instance)
        except _GONE:
            LOG.info('Instance was deleted during its build',
                     instance=instance)
        except Exception as error:
            # Not reschedulable (BuildAbortException or a failure of the
            # reschedule itself): the instance ends in ERROR.
            self._set_error(context, instance, error)
        LOG.info('Build finished in %.3fs', time.monotonic() - started,
                 instance=instance)

    def _build_and_run(self, context, instance, image, admin_password,
                       requested_networks, node):
        notifications.notify_about_instance_action(
            context, instance, self.host, 'create', 'start')
        try:
            with self.rt.instance_claim(context, instance, node):
                instance.task_state = task_states.NETWORKING
                instance.save(expected_task_state=[None])
                network_info = self._allocate_network(
                    context, instance, requested_networks)
                instance.task_state = task_states.BLOCK_DEVICE_MAPPING
                instance.save(expected_task_state=[task_states.NETWORKING])
                block_device_info = {
                    'block_device_mapping':
                        objects.BlockDeviceMappingList.get_by_instance_uuid(
                            context, instance.uuid).objects}
                instance.task_state = task_states.SPAWNING
                instance.save(expected_task_state=[
                    task_states.BLOCK_DEVICE_MAPPING])
                spawn_started = time.monotonic()
                self.driver.spawn(context, instance, image, [],
                                  admin_password, network_info,
                                  block_device_info)
                LOG.info('Took %.2f seconds to spawn the instance on the '
                         'hypervisor.', time.monotonic() - spawn_started,
                         instance=instance)
        except exception.ComputeResourcesUnavailable as error:
            self._notify_error(context, instance, error)
            raise exception.RescheduledException(
                instance_uuid=instance.uuid, reason=error.format_message())
        except _GONE:
            raise
        except exception.BuildAbortException as error:
            self._notify_error(context, instance, error)
            raise
        except Exception as error:
            LOG.exception('Spawn failed', instance=instance)
            self._notify_error(context, instance, error)
            raise exception.RescheduledException(
                instance_uuid=instance.uuid,
                reason=str(getattr(error, 'message', error)))
        instance.power_state = self.driver.get_info(instance).state
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_at = timeutils.utcnow(with_timezone=True)
        instance.save(expected_task_state=[task_states.SPAWNING])
        objects.InstanceAction.action_finish(context, instance.uuid)
        notifications.notify_about_instance_action(
            context, instance, self.host, 'create', 'end')

    def _allocate_network(self, context, instance, requested_networks):
        """A call to minova-network; its failure ends the build (another
        host would get the same answer)."""
        if requested_networks == []:
            return []   # "networks": "none"
        started = time.monotonic()
        try:
            network_info = self.network_api.allocate_for_instance(
                context, instance, requested_networks)
        except Exception as error:
            LOG.error('Failed to allocate network(s): %s', error,
                      instance=instance)
            reason = (error.format_message()
                      if isinstance(error, exception.MinovaException)
                      else str(error))
            raise exception.BuildAbortException(
                instance_uuid=instance.uuid,
                reason='Failed to allocate the network(s), not '
                       'rescheduling: %s' % reason)
        LOG.info('Allocated network(s) %s in %.3fs',
                 ', '.join('%s %s' % (vif['network']['label'], ip['address'])
                           for vif in network_info
                           for sub in vif['network']['subnets']
                           for ip in sub['ips']) or '(none)',
                 time.monotonic() - started, instance=instance)
        return network_info

    def _notify_error(self, context, instance, error):
        notifications.notify_about_instance_action(
            context, instance, self.host, 'create', 'error',
            exception=error)

    def _cleanup(self, context, instance):
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

    def _reschedule(self, context, instance, image, request_spec,
                    admin_password, requested_networks, error):
        LOG.warning('Build failed on this host, rescheduling: %s',
                    error.format_message(), instance=instance)
        self._cleanup(context, instance)
        try:
            objects.InstanceFault.from_exception(
                context, instance.uuid, error, host=self.host).create()
            instance.task_state = task_states.SCHEDULING
            instance.host = None
            instance.node = None
            instance.power_state = power_state.NOSTATE
            instance.save(expected_task_state=list(task_states.BUILD_STATES))
        except _GONE:
            LOG.info('Instance was deleted, not rescheduling',
                     instance=instance)
            return
        self.compute_task_api.build_instances(
            context, [instance], image, request_spec,
            admin_password=admin_password,
            requested_networks=requested_networks)

    def _set_error(self, context, instance, error):
        LOG.error('Build failed: %s', error, instance=instance,
                  exc_info=error)
        self._cleanup(context, instance)
        try:
            objects.InstanceFault.from_exception(
                context, instance.uuid, error, host=self.host).create()
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.save()
        except _GONE:
            return
        notifications.notify_about_instance_action(
            context, instance, self.host, 'create', 'error',
            exception=error)
