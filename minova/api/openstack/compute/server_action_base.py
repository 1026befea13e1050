"""What every server action controller starts with: the instance, if
the action's policy lets the caller act on it."""

import contextlib

from minova.compute import api as compute_api
from minova import exception


class ServerActionController:
    def __init__(self):
        self.compute_api = compute_api.API()

    def _instance(self, req, id, rule):
        """The instance ``id``, after ``os_compute_api:<rule>`` allowed
        the caller on its project (404 before 403, as Nova answers)."""
        instance = self.compute_api.get(req.context, id)
        req.context.can('os_compute_api:' + rule,
                        {'project_id': instance.project_id,
                         'user_id': instance.user_id})
        return instance


@contextlib.contextmanager
def refused_as(action):
    """Name a refused action as Nova's controller does ("Cannot 'update
    metadata' instance ..."), not by the compute API method."""
    try:
        yield
    except exception.InstanceInvalidState as error:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=error.kwargs['instance_uuid'],
            attr=error.kwargs['attr'], state=error.kwargs['state']) from None
