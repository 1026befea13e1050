"""Notifications about instances (instance.create.start, ...), sent
through oslo.messaging's notifier ([oslo_messaging_notifications])."""

from oslo_log import log as logging

from minova import rpc

LOG = logging.getLogger(__name__)


def instance_payload(instance, fault=None):
    flavor = instance.flavor if instance.obj_attr_is_set('flavor') else None
    payload = {
        'uuid': instance.uuid,
        'display_name': instance.display_name,
        'tenant_id': instance.project_id,
        'user_id': instance.user_id,
        'host': instance.host,
        'node': instance.node,
        'state': instance.vm_state,
        'task_state': instance.task_state,
        'power_state': instance.power_state,
        'image_uuid': instance.image_ref,
        'availability_zone': instance.availability_zone,
        'flavor': ({'flavorid': flavor.flavorid, 'name': flavor.name,
                    'memory_mb': flavor.memory_mb, 'vcpus': flavor.vcpus,
                    'root_gb': flavor.root_gb} if flavor else None),
        'launched_at': (instance.launched_at.isoformat()
                        if instance.launched_at else None),
    }
    if fault is not None:
        payload['fault'] = {
            'exception': type(fault).__name__,
            'exception_message': (fault.format_message()
                                  if hasattr(fault, 'format_message')
                                  else str(fault))}
    return payload


def notify_about_instance_action(context, instance, host, action, phase,
                                 binary='minova-compute', exception=None):
    """Send ``instance.<action>.<phase>`` (error phase at ERROR priority)."""
    event_type = 'instance.%s.%s' % (action, phase)
    payload = instance_payload(instance, exception)
    try:
        notifier = rpc.get_notifier(binary, host)
        if phase == 'error':
            notifier.error(context, event_type, payload)
        else:
            notifier.info(context, event_type, payload)
    except Exception:
        # A lost notification must never fail the operation it reports.
        LOG.exception('Failed to send notification %s', event_type)
