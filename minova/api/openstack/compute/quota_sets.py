"""/os-quota-sets/{project_id}: a project's limits (a user's within it
with ``?user_id=``): show, detail (with what is in use), defaults,
update (admin; never below what is in use unless ``force``) and delete
(admin: back to the defaults)."""

from minova.api.openstack.compute.schemas import quotas as schema
from minova.api.openstack.compute.views import quotas as view
from minova.api.openstack import wsgi
from minova.api import validation
from minova import quota

_RULE = 'os_compute_api:os-quota-sets:'
_TRUE = ('true', '1', 'on', 'yes')


def _target(project_id, user_id):
    return {'project_id': project_id, 'user_id': user_id}


class QuotaSetsController:

    def show(self, req, id):
        user_id = req.GET.get('user_id')
        req.context.can(_RULE + 'show', _target(id, user_id))
        return view.quota_set(req, quota.get_limits(id, user_id), id)

    def detail(self, req, id):
        user_id = req.GET.get('user_id')
        req.context.can(_RULE + 'detail', _target(id, user_id))
        return view.quota_set_detail(req, quota.get_limits(id, user_id),
                                     quota.get_usage(id, user_id), id)

    def defaults(self, req, id):
        req.context.can(_RULE + 'defaults', {'project_id': id})
        return view.quota_set(req, quota.get_defaults(), id)

    @validation.schema(schema.update_quota_set, '2.1', '2.35')
    @validation.schema(schema.update_quota_set_v236, '2.36')
    def update(self, req, id, body):
        user_id = req.GET.get('user_id')
        req.context.can(_RULE + 'update', _target(id, user_id))
        values = dict(body['quota_set'])
        force = str(values.pop('force', False)).lower() in _TRUE
        quota.update_limits(id, {k: int(v) for k, v in values.items()},
                            user_id=user_id, force=force)
        return view.quota_set(req, quota.get_limits(id, user_id))

    @wsgi.response(202)
    def delete(self, req, id):
        user_id = req.GET.get('user_id')
        req.context.can(_RULE + 'delete', _target(id, user_id))
        quota.reset_limits(id, user_id)
