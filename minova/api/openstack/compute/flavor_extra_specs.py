"""/flavors/{flavor_id}/os-extra_specs: the key/value pairs of a flavor."""

from minova.api.openstack.compute import flavors
from minova.api.openstack.compute.schemas import flavor_extra_specs as schema
from minova.api import validation
from minova import exception

_POLICY = 'os_compute_api:os-flavor-extra-specs:%s'


def _as_strings(specs):
    """Values as the flavor stores them; numbers become strings."""
    result = {}
    for key, value in specs.items():
        value = str(value)
        if len(value) > 255:
            raise exception.InvalidInput(
                reason='extra_specs value has more than 255 characters.')
        result[key] = value
    return result


class FlavorExtraSpecsController:

    def index(self, req, flavor_id):
        context = req.context
        context.can(_POLICY % 'index')
        flavor = flavors.get_flavor(context, flavor_id)
        return {'extra_specs': dict(flavor.extra_specs)}

    def show(self, req, flavor_id, id):
        context = req.context
        context.can(_POLICY % 'show')
        flavor = flavors.get_flavor(context, flavor_id)
        if id not in flavor.extra_specs:
            raise exception.FlavorExtraSpecNotFound(flavor_id=flavor_id,
                                                    key=id)
        return {id: flavor.extra_specs[id]}

    @validation.schema(schema.create)
    def create(self, req, flavor_id, body):
        context = req.context
        context.can(_POLICY % 'create')
        specs = _as_strings(body['extra_specs'])
        self._save(context, flavor_id, specs)
        return body

    @validation.schema(schema.update)
    def update(self, req, flavor_id, id, body):
        context = req.context
        context.can(_POLICY % 'update')
        specs = _as_strings(body)
        if id not in specs:
            raise exception.ValidationError(
                detail='Request body and URI mismatch')
        self._save(context, flavor_id, specs)
        return body

    def delete(self, req, flavor_id, id):
        context = req.context
        context.can(_POLICY % 'delete')
        flavor = flavors.get_flavor(context, flavor_id)
        if id not in flavor.extra_specs:
            raise exception.FlavorExtraSpecNotFound(flavor_id=flavor_id,
                                                    key=id)
        specs = dict(flavor.extra_specs)
        del specs[id]
        flavor.extra_specs = specs
        flavor.save_extra_specs()

    @staticmethod
    def _save(context, flavor_id, specs):
        flavor = flavors.get_flavor(context, flavor_id)
        flavor.extra_specs = dict(flavor.extra_specs, **specs)
        flavor.save_extra_specs()
