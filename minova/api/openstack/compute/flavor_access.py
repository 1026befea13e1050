"""os-flavor-access: which projects may use a non-public flavor.

    GET  /flavors/{flavor_id}/os-flavor-access
    POST /flavors/{id}/action  {"addTenantAccess": {"tenant": P}}
    POST /flavors/{id}/action  {"removeTenantAccess": {"tenant": P}}

Admin only by default. A project given access sees the flavor in its
listings and may boot with it; any other project gets "not found".
"""

from minova.api.openstack.compute.schemas import flavor_access as schema
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception
from minova import objects

_POLICY = 'os_compute_api:os-flavor-access'


def _access_list(flavor):
    return {'flavor_access': [{'flavor_id': flavor.flavorid,
                               'tenant_id': project}
                              for project in flavor.get_projects()]}


class FlavorAccessController:

    def index(self, req, flavor_id):
        context = req.context
        context.can(_POLICY)
        flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        if flavor.is_public:
            raise exception.FlavorAccessNotAvailable()
        return _access_list(flavor)

    @wsgi.action('addTenantAccess')
    @validation.schema(schema.add_tenant_access)
    def _add_tenant_access(self, req, id, body):
        context = req.context
        context.can(_POLICY + ':add_tenant_access')
        flavor = objects.Flavor.get_by_flavor_id(context, id)
        flavor.add_access(body['addTenantAccess']['tenant'])
        return _access_list(flavor)

    @wsgi.action('removeTenantAccess')
    @validation.schema(schema.remove_tenant_access)
    def _remove_tenant_access(self, req, id, body):
        context = req.context
        context.can(_POLICY + ':remove_tenant_access')
        flavor = objects.Flavor.get_by_flavor_id(context, id)
        flavor.remove_access(body['removeTenantAccess']['tenant'])
        return _access_list(flavor)
