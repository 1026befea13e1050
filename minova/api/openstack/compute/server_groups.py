"""/os-server-groups: groups of servers the scheduler keeps together
(affinity) or apart (anti-affinity); 2.13 shows the owner, 2.15 adds
the soft policies."""

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import server_groups as schema
from minova.api.openstack.compute.views import server_groups as view
from minova.api.openstack import wsgi
from minova.api import validation
import minova.conf
from minova import exception
from minova import objects
from minova import quota

CONF = minova.conf.CONF

_POLICY = 'os_compute_api:os-server-groups:%s'


def _live_members(context, group):
    """The members that are not deleted, in the group's order."""
    if not group.members:
        return []
    live = {i.uuid for i in objects.InstanceList.get_by_filters(
        context, {'uuid': list(group.members)})}
    return [uuid for uuid in group.members if uuid in live]


class ServerGroupController:

    def _show(self, req, group):
        return view.show(req, group, _live_members(req.context, group))

    @validation.query_schema(schema.index_query)
    def index(self, req):
        context = req.context
        context.can(_POLICY % 'index')
        if 'all_projects' in req.GET and context.can(
                _POLICY % 'index:all_projects', fatal=False):
            groups = objects.InstanceGroupList.get_by_project_id(context)
        else:
            groups = objects.InstanceGroupList.get_by_project_id(
                context, context.project_id)
        offset = int(req.GET.get('offset', 0))
        limit, _marker = common.limited_params(req)
        groups = list(groups)[offset:offset + limit]
        return {'server_groups': [self._show(req, g) for g in groups]}

    def show(self, req, id):
        context = req.context
        group = objects.InstanceGroup.get_by_uuid(context, id)
        context.can(_POLICY % 'show', {'project_id': group.project_id})
        return {'server_group': self._show(req, group)}

    @wsgi.response(204)
    def delete(self, req, id):
        context = req.context
        group = objects.InstanceGroup.get_by_uuid(context, id)
        context.can(_POLICY % 'delete', {'project_id': group.project_id})
        group.destroy()

    @validation.schema(schema.create, '2.1', '2.14')
    @validation.schema(schema.create_v215, '2.15')
    def create(self, req, body):
        context = req.context
        context.can(_POLICY % 'create')
        self._check_quota(context, 1)
        values = body['server_group']
        group = objects.InstanceGroup(
            context=context, name=values['name'],
            policy=values['policies'][0], project_id=context.project_id,
            user_id=context.user_id)
        group.create()
        if CONF.quota.recheck_quota:
            try:
                self._check_quota(context, 0)
            except exception.ServerGroupLimitExceeded:
                group.destroy()
                raise
        return {'server_group': self._show(req, group)}

    @staticmethod
    def _check_quota(context, delta):
        count = len(objects.InstanceGroupList.get_by_project_id(
            context, context.project_id))
        if not quota.check_count('server_groups', context.project_id,
                                 count + delta):
            raise exception.ServerGroupLimitExceeded()
