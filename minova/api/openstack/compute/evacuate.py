"""POST /servers/{id}/action {"evacuate": ...} (admin): rebuild a server
whose host is down on another host, as Nova's evacuate.

Up to 2.13 the body needs ``onSharedStorage`` (minova has no shared
instance storage: the server is always rebuilt from its image) and the
answer carries ``adminPass``; 2.14 drops both; 2.29 adds ``force``
(before 2.29 a named host is used without the scheduler's filters).
"""

from oslo_utils import uuidutils

from minova.api.openstack.compute.schemas import server_moves as schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api
from minova.compute import move_api
from minova import exception


class EvacuateController:
    def __init__(self):
        self.move_api = move_api.MoveAPI()
        self.compute_api = compute_api.API()

    @wsgi.response(200)
    @wsgi.action('evacuate')
    @validation.schema(schema.evacuate, '2.1', '2.13')
    @validation.schema(schema.evacuate_v214, '2.14', '2.28')
    @validation.schema(schema.evacuate_v229, '2.29')
    def _evacuate(self, req, id, body):
        context = req.context
        instance = self.compute_api.get(context, id)
        context.can('os_compute_api:os-evacuate',
                    {'project_id': instance.project_id})
        evacuate = body['evacuate']
        host = evacuate.get('host')
        if req.ver('2.1', '2.13') and \
                str(evacuate['onSharedStorage']).lower() in ('true', '1'):
            raise exception.InvalidInput(
                reason='minova has no shared instance storage: '
                       'onSharedStorage must be false')
        force = bool(host) and (req.ver('2.1', '2.28') or
                                bool(evacuate.get('force', False)))
        password = evacuate.get('adminPass') or \
            uuidutils.generate_uuid().replace('-', '')[:12]
        self.move_api.evacuate(context, instance, host=host,
                               admin_password=password, force=force)
        if req.ver('2.1', '2.13'):
            return {'adminPass': password}
        return None
