"""What the move tasks share: the request spec of an instance that exists,
and the "scheduling failed" ending (task state back, fault, migration in
error)."""

from oslo_log import log as logging

from minova.compute import instance_state
import minova.conf
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

_CORE_IMAGE_KEYS = ('min_ram', 'min_disk', 'disk_format',
                    'container_format')


def request_spec_for(instance, flavor, ignore_hosts=(), force_hosts=()):
    """A RequestSpec to place an existing ``instance`` with ``flavor``:
    its image properties from its system metadata, its zone."""
    props = {}
    for key, value in (instance.system_metadata or {}).items():
        name = key[len('image_'):]
        if key.startswith('image_') and name not in _CORE_IMAGE_KEYS:
            props[name] = value
    return objects.RequestSpec(
        instance_uuid=instance.uuid, project_id=instance.project_id,
        user_id=instance.user_id, flavor=flavor,
        image_id=instance.image_ref, image_properties=props,
        num_instances=1, availability_zone=None, scheduler_hints={},
        retry=None, instance_group=None, ignore_hosts=list(ignore_hosts),
        force_hosts=list(force_hosts), force_nodes=[])


def fail_scheduling(context, instance, migration, action, error):
    """No host for the move: the migration in error, the instance back
    where it was (task state cleared, vm_state kept) with a fault, as
    Nova's ``_set_vm_state_and_notify`` leaves it."""
    LOG.warning('Scheduling %s failed: %s', action, error,
                instance=instance)
    migration.set_status('error')
    with instance_state.unless_gone(instance):
        instance_state.revert(context, instance, error, CONF.host, action,
                              binary='minova-conductor')
