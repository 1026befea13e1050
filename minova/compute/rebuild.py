"""Rebuilding an instance on its host: a new root disk from the image the
API chose (a new one or its own again), the same addresses.

rebuilding -> rebuild_block_device_mapping -> rebuild_spawning -> the
vm_state it had (a stopped server is stopped again, as in Nova). The
guest and its files are destroyed but not its network, so the fixed IP
stays and the new config drive carries it. A failure sets ERROR with the
fault: the old disk is gone by then.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import instance_state
from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states
from minova import objects
from minova.timeline import spans

LOG = logging.getLogger(__name__)


class Rebuilder:
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver

    def rebuild(self, context, instance, image, admin_password,
                network_info):
        # A message that waited out a restart of this host finds the
        # rebuild ended (ERROR, compute/recovery.py): the guest stays.
        if not instance_state.still_in(instance, [task_states.REBUILDING]):
            return
        stopped = instance.vm_state == vm_states.STOPPED
        with timeutils.StopWatch() as watch, instance_state.acting(
                context, instance, self.host, 'rebuild',
                'compute_rebuild_instance', on_failure=instance_state.ERROR):
            with spans.span(context, 'compute_guest_destroy'):
                self.driver.destroy(context, instance, network_info)
            instance_state.advance(instance,
                                   task_states.REBUILD_BLOCK_DEVICE_MAPPING,
                                   power_state=power_state.NOSTATE)
            with spans.span(context, 'compute_block_devices'):
                block_device_info = {
                    'block_device_mapping': objects.BlockDeviceMappingList
                    .get_by_instance_uuid(context, instance.uuid).objects}
            instance_state.advance(instance, task_states.REBUILD_SPAWNING)
            with spans.span(context, 'compute_spawn', image_id=image['id']):
                self.driver.spawn(context, instance, image, [],
                                  admin_password, network_info,
                                  block_device_info)
            if stopped:
                with spans.span(context, 'compute_guest_power_off'):
                    self.driver.power_off(instance)
            instance_state.finish(
                context, instance, self.host, 'rebuild',
                vm_states.STOPPED if stopped else vm_states.ACTIVE,
                self.driver.get_info(instance).state,
                [task_states.REBUILD_SPAWNING],
                launched_at=timeutils.utcnow(with_timezone=True))
        LOG.info('Rebuilt the instance from image %s in %.2fs', image['id'],
                 watch.elapsed(), instance=instance)
