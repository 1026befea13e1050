"""/os-quota-class-sets/{class}: the limits of a quota class (admin).
Class ``default`` is every project's defaults."""

from minova.api.openstack.compute.schemas import quotas as schema
from minova.api.openstack.compute.views import quotas as view
from minova.api import validation
from minova import quota

_RULE = 'os_compute_api:os-quota-class-sets:'


class QuotaClassSetsController:

    def show(self, req, id):
        req.context.can(_RULE + 'show', {'quota_class': id})
        return view.quota_class_set(quota.get_class_limits(id), id)

    @validation.schema(schema.update_quota_class_set)
    def update(self, req, id, body):
        req.context.can(_RULE + 'update', {'quota_class': id})
        quota.update_class_limits(
            id, {k: int(v) for k, v in body['quota_class_set'].items()})
        return view.quota_class_set(quota.get_class_limits(id))
