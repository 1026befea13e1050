"""POST /servers/{id}/action rebuild: the server's disk anew from an
image, its addresses kept. 202 with the server and its new adminPass."""

from minova.api.openstack.compute.schemas import server_lifecycle as schema
from minova.api.openstack.compute import server_action
from minova.api.openstack.compute import servers
from minova.api.openstack.compute.views import servers as view
from minova.api.openstack import wsgi
from minova.api import validation

# Body keys that change the instance as they are.
_FIELDS = {'name': 'display_name', 'description': 'display_description',
           'accessIPv4': 'access_ip_v4', 'accessIPv6': 'access_ip_v6'}


class ServerRebuildController(server_action.ServerActionController):
    @wsgi.response(202)
    @wsgi.action('rebuild')
    @validation.schema(schema.rebuild, '2.1', '2.18')
    @validation.schema(schema.rebuild_v219, '2.19')
    def rebuild(self, req, id, body):
        instance = self._instance(req, id, 'servers:rebuild')
        entity = body['rebuild']
        password = entity.get('adminPass') or \
            server_action.generate_password()
        self.compute_api.rebuild(
            req.context, instance, servers._ref_id(entity['imageRef']),
            password, metadata=entity.get('metadata'),
            preserve_ephemeral=servers._bool(
                entity.get('preserve_ephemeral', False)),
            **{field: entity[key] for key, field in _FIELDS.items()
               if key in entity})
        server = view.rebuild(req, self.compute_api.get(
            req.context, id, expected_attrs=['info_cache']))
        server['adminPass'] = password
        return {'server': server}
