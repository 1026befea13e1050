"""Rescue and unrescue on the compute host.

rescue (``rescuing``): the guest is shut down and booted from a rescue
image (the request's ``rescue_image_ref``, [DEFAULT] rescue_image_id, or
the server's own image) with its own root disk attached second, so a
user can repair it; vm_state RESCUED. unrescue (``unrescuing``): the
guest boots from its own disk again, the rescue files are removed;
ACTIVE. A failure goes back to the state the instance was in.
"""

from oslo_log import log as logging

from minova.compute import instance_state
from minova.compute import task_states
from minova.compute import vm_states
import minova.conf

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class Rescuer:
    def __init__(self, host, driver, image_api):
        self.host = host
        self.driver = driver
        self.image_api = image_api

    def rescue(self, context, instance, rescue_password, rescue_image_ref,
               network_info):
        # A message that waited out a restart of this host finds its task
        # settled (compute/recovery.py): it must not touch the guest.
        if not instance_state.still_in(instance, [task_states.RESCUING]):
            return
        with instance_state.acting(context, instance, self.host, 'rescue',
                                   'compute_rescue_instance'):
            image_id = rescue_image_ref or CONF.rescue_image_id or \
                instance.image_ref
            image = self.image_api.show(context, image_id)
            self.driver.rescue(context, instance, network_info, image,
                               rescue_password)
            instance_state.finish(context, instance, self.host, 'rescue',
                                  vm_states.RESCUED,
                                  self.driver.get_info(instance).state,
                                  [task_states.RESCUING])
        LOG.info('Rescued the instance with image %s', image_id,
                 instance=instance)

    def unrescue(self, context, instance, network_info):
        if not instance_state.still_in(instance, [task_states.UNRESCUING]):
            return
        with instance_state.acting(context, instance, self.host,
                                   'unrescue', 'compute_unrescue_instance'):
            self.driver.unrescue(context, instance, network_info)
            instance_state.finish(context, instance, self.host, 'unrescue',
                                  vm_states.ACTIVE,
                                  self.driver.get_info(instance).state,
                                  [task_states.UNRESCUING])
