"""/servers/{server_id}/os-instance-actions: what was done to a server,
by whom, and (for admins) each step's events and tracebacks.

From 2.21 the history of deleted servers can be read too.
"""

from minova.api.openstack.compute.views import instance_actions as view
from minova import exception
from minova import objects

_POLICY = 'os_compute_api:os-instance-actions:%s'


def _get_instance(req, server_id):
    context = req.context
    saved = context.read_deleted
    context.read_deleted = 'yes' if req.ver('2.21') else 'no'
    try:
        instance = objects.Instance.get_by_uuid(context, server_id)
    finally:
        context.read_deleted = saved
    # Other projects' servers do not exist for a non-admin.
    if not context.is_admin and instance.project_id != context.project_id:
        raise exception.InstanceNotFound(instance_id=server_id)
    return instance


class InstanceActionsController:

    def index(self, req, server_id):
        context = req.context
        instance = _get_instance(req, server_id)
        context.can(_POLICY % 'list', {'project_id': instance.project_id})
        actions = objects.InstanceActionList.get_by_instance_uuid(
            context, instance.uuid)
        return {'instanceActions': [view.action(a) for a in actions]}

    def show(self, req, server_id, id):
        context = req.context
        instance = _get_instance(req, server_id)
        context.can(_POLICY % 'show', {'project_id': instance.project_id})
        action = objects.InstanceAction.get_by_request_id(
            context, instance.uuid, id)
        if action is None:
            raise exception.InstanceActionNotFound(
                request_id=id, instance_uuid=instance.uuid)
        body = view.action(action)
        if context.can(_POLICY % 'events',
                       {'project_id': instance.project_id}, fatal=False):
            events = objects.InstanceActionEventList.get_by_action(
                context, action.id)
            # Newest first, as Nova lists them.
            body['events'] = [view.event(e) for e in reversed(events)]
        return {'instanceAction': body}
