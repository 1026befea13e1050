"""Shelving on the compute host: shelve, shelve offload, unshelve.

shelve: power off, snapshot into the image the API made (task states
``shelving`` -> ``shelving_image_pending_upload`` ->
``shelving_image_uploading``), vm_state SHELVED with ``shelved_at``,
``shelved_image_id`` and ``shelved_host`` in system_metadata; with
[DEFAULT] shelved_offload_time = 0 it is offloaded at once.

offload (``shelving_offloading``): the guest and its files go, the host
and node are cleared, so this host's usage no longer counts it;
SHELVED_OFFLOADED. Its fixed IPs stay allocated (as Nova keeps a
server's ports) so it comes back with the same addresses.

unshelve (``unshelving`` -> ``spawning``): on the host the conductor's
scheduler call chose, a claim and a spawn from the shelve snapshot, which
is deleted afterwards; an instance that was never offloaded is just
powered on. A failed unshelve leaves it offloaded, task state cleared.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import instance_state
from minova.compute import power_state
from minova.compute import snapshot
from minova.compute import task_states
from minova.compute import vm_states
import minova.conf
from minova import notifications
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

SHELVED_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')


def _without_shelved_keys(instance):
    return {k: v for k, v in instance.system_metadata.items()
            if k not in SHELVED_KEYS}


class Shelver:
    def __init__(self, host, driver, resource_tracker, snapshotter,
                 network_info):
        self.host = host
        self.driver = driver
        self.rt = resource_tracker
        self.snapshotter = snapshotter
        # (context, instance) -> the instance's VIFs
        self.network_info = network_info

    def _power_off(self, context, instance, clean_shutdown):
        if self.driver.get_info(instance).state == power_state.RUNNING:
            with spans.span(context, 'compute_guest_power_off'):
                self.driver.power_off(instance,
                                      **({} if clean_shutdown else
                                         {'timeout': 0}))

    def shelve(self, context, instance, image_id, clean_shutdown):
        # A message that waited out a restart of this host finds its task
        # settled (compute/recovery.py): it must not touch the guest.
        if not instance_state.still_in(instance, [task_states.SHELVING]):
            self.snapshotter.delete_image(context, image_id)
            return
        with instance_state.acting(context, instance, self.host, 'shelve',
                                   'compute_shelve_instance'):
            self._power_off(context, instance, clean_shutdown)
            self.snapshotter.take(context, instance, image_id,
                                  snapshot.SHELVE_STATES)
            values = dict(
                vm_state=vm_states.SHELVED,
                power_state=self.driver.get_info(instance).state,
                system_metadata=dict(
                    instance.system_metadata, shelved_image_id=image_id,
                    shelved_host=self.host, shelved_at=timeutils.utcnow(
                        with_timezone=True).isoformat()))
            offload = CONF.shelved_offload_time == 0
            if offload:
                # One write, as Nova's: no poll sees it shelved and idle.
                instance_state.advance(
                    instance, task_states.SHELVING_OFFLOADING, **values)
                notifications.notify_about_instance_action(
                    context, instance, self.host, 'shelve', 'end')
            else:
                instance_state.finish(
                    context, instance, self.host, 'shelve',
                    values['vm_state'], values['power_state'],
                    [task_states.SHELVING_IMAGE_UPLOADING],
                    system_metadata=values['system_metadata'])
        if offload:
            self.offload(context, instance, False)

    def offload(self, context, instance, clean_shutdown):
        if not instance_state.still_in(instance,
                                       [task_states.SHELVING_OFFLOADING]):
            return
        with instance_state.acting(context, instance, self.host,
                                   'shelve_offload',
                                   'compute_shelve_offload_instance'):
            self._power_off(context, instance, clean_shutdown)
            with spans.span(context, 'compute_guest_destroy'):
                self.driver.destroy(context, instance,
                                    self.network_info(context, instance))
            instance_state.clear_placement(instance)
            instance_state.finish(
                context, instance, self.host, 'shelve_offload',
                vm_states.SHELVED_OFFLOADED, power_state.NOSTATE,
                [task_states.SHELVING_OFFLOADING])
        LOG.info('Offloaded the shelved instance', instance=instance)

    def unshelve(self, context, instance, image, node):
        if not instance_state.still_in(instance, [task_states.UNSHELVING]):
            return
        network_info = self.network_info(context, instance)
        offloaded = instance.vm_state == vm_states.SHELVED_OFFLOADED
        with instance_state.acting(context, instance, self.host,
                                   'unshelve', 'compute_unshelve_instance'):
            if offloaded:
                self._spawn(context, instance, image, node, network_info)
            else:
                with spans.span(context, 'compute_guest_power_on'):
                    self.driver.power_on(context, instance, network_info)
            image_id = instance.system_metadata.get('shelved_image_id')
            instance_state.finish(
                context, instance, self.host, 'unshelve', vm_states.ACTIVE,
                self.driver.get_info(instance).state,
                [task_states.SPAWNING if offloaded
                 else task_states.UNSHELVING],
                system_metadata=_without_shelved_keys(instance))
        if image_id:
            self.snapshotter.delete_image(context, image_id)

    def _spawn(self, context, instance, image, node, network_info):
        instance_state.advance(instance, task_states.SPAWNING)
        try:
            with spans.span(context, 'compute_claim'):
                claim = self.rt.instance_claim(context, instance,
                                               node or self.host)
            with claim, spans.span(context, 'compute_spawn',
                                   image_id=image['id']):
                self.driver.spawn(context, instance, image, [], None,
                                  network_info, None)
        except Exception:
            # The claim gave the host back; the instance is offloaded
            # again, its snapshot kept for the next try.
            if instance.host is not None:
                instance_state.clear_placement(instance)
            raise

    def offload_expired(self, context, instances):
        """Periodic: offload what was shelved longer than
        [DEFAULT] shelved_offload_time seconds ago."""
        cutoff = timeutils.utcnow(with_timezone=True).timestamp() - \
            CONF.shelved_offload_time
        for instance in instances:
            shelved_at = instance.system_metadata.get('shelved_at')
            if instance.vm_state != vm_states.SHELVED or \
                    instance.task_state is not None or not shelved_at or \
                    timeutils.parse_isotime(shelved_at).timestamp() > cutoff:
                continue
            with instance_state.unless_gone(instance):
                instance_state.advance(instance,
                                       task_states.SHELVING_OFFLOADING,
                                       expected_task_state=[None])
                self.offload(context, instance, False)
