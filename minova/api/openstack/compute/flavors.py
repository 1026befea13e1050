"""/flavors: list, show, and the admin's create and delete
(Nova's flavors and os-flavor-manage)."""

from oslo_utils import strutils
from oslo_utils import uuidutils

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import flavors as schema
from minova.api.openstack.compute.views import flavors as view
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception
from minova import objects


def get_flavor(context, flavor_id):
    """The flavor ``flavor_id`` as this caller may see it: a private flavor
    is not found for a project without access (os-flavor-access)."""
    flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
    if not flavor.visible_to(context):
        raise exception.FlavorNotFound(flavor_id=flavor_id)
    return flavor


def _parse_is_public(value):
    if value is None:
        return True     # the default: public flavors only
    if value.lower() == 'none':
        return None     # public and private
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.ValidationError(
            detail='Invalid is_public filter [%s]' % value)


def _int_filter(req, name):
    value = req.GET.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise exception.ValidationError(
            detail='Invalid %s filter [%s]' % (name, value))


class FlavorsController:

    @validation.query_schema(schema.index_query)
    def index(self, req):
        limit, flavors = self._get_flavors(req)
        return view.collection(req, flavors, limit)

    @validation.query_schema(schema.index_query)
    def detail(self, req):
        limit, flavors = self._get_flavors(req)
        return view.collection(req, flavors, limit, detail=True)

    def show(self, req, id):
        return {'flavor': view.show(req, get_flavor(req.context, id))}

    def _get_flavors(self, req):
        context = req.context
        limit, marker = common.limited_params(req)
        if context.is_admin:
            is_public = _parse_is_public(req.GET.get('is_public'))
        else:
            is_public = True
        flavors = objects.FlavorList.get_all(
            context, is_public=is_public,
            min_memory_mb=_int_filter(req, 'minRam'),
            min_disk=_int_filter(req, 'minDisk'),
            marker=marker,
            sort_key=req.GET.get('sort_key') or 'flavorid',
            sort_dir=req.GET.get('sort_dir') or 'asc')
        flavors = list(flavors)
        if not context.is_admin:
            # Disabled flavors are kept for old servers, hidden from users.
            flavors = [f for f in flavors if not f.disabled]
        return limit, flavors[:limit]

    @validation.schema(schema.create)
    def create(self, req, body):
        context = req.context
        context.can('os_compute_api:os-flavor-manage:create')
        values = body['flavor']
        flavor_id = values.get('id')
        flavor = objects.Flavor(context=context)
        flavor.flavorid = (uuidutils.generate_uuid() if flavor_id is None
                           else str(flavor_id))
        flavor.name = values['name'].strip()
        flavor.memory_mb = _integer(values['ram'], 'ram', 1)
        flavor.vcpus = _integer(values['vcpus'], 'vcpus', 1)
        flavor.root_gb = _integer(values['disk'], 'disk', 0)
        flavor.ephemeral_gb = _integer(
            values.get('OS-FLV-EXT-DATA:ephemeral', 0), 'ephemeral', 0)
        flavor.swap = _integer(values.get('swap', 0), 'swap', 0)
        flavor.rxtx_factor = _rxtx_factor(values.get('rxtx_factor', 1.0))
        flavor.is_public = strutils.bool_from_string(
            values.get('os-flavor-access:is_public', True), strict=True)
        flavor.disabled = False
        flavor.extra_specs = {}
        flavor.create()
        return {'flavor': view.show(req, flavor)}

    @wsgi.response(202)
    def delete(self, req, id):
        context = req.context
        context.can('os_compute_api:os-flavor-manage:delete')
        objects.Flavor.get_by_flavor_id(context, id).destroy()


def _integer(value, name, minimum):
    try:
        return strutils.validate_integer(value, name, minimum,
                                         schema.MAX_INT)
    except ValueError as error:
        raise exception.InvalidInput(reason=str(error))


def _rxtx_factor(value):
    try:
        value = float(value)
        if not 0 < value <= schema.SQL_SP_FLOAT_MAX:
            raise ValueError()
    except ValueError:
        raise exception.InvalidInput(
            reason="'rxtx_factor' argument must be a float between 0 and "
                   "%g" % schema.SQL_SP_FLOAT_MAX)
    return value
