"""/servers/{server_id}/os-server-password: show (GET) and clear (DELETE)
the encrypted password the guest stored (minova.compute.password)."""

from minova.api.openstack import wsgi
from minova.compute import api as compute_api
from minova.compute import password

_POLICY = 'os_compute_api:os-server-password:%s'


class ServerPasswordController:
    def __init__(self):
        self.compute_api = compute_api.API()

    def _instance(self, req, server_id, rule):
        instance = self.compute_api.get(req.context, server_id)
        req.context.can(_POLICY % rule, {'project_id': instance.project_id})
        return instance

    def index(self, req, server_id):
        instance = self._instance(req, server_id, 'show')
        return {'password': password.extract_password(instance) or ''}

    @wsgi.response(204)
    def clear(self, req, server_id):
        """Forgets the stored password; the guest's own is unchanged."""
        instance = self._instance(req, server_id, 'clear')
        instance.system_metadata = dict(instance.system_metadata or {},
                                        **password.convert_password(None))
        instance.save()
