"""/os-security-groups, /os-security-group-rules (nova-network proxy
APIs, gone from microversion 2.36 as in Nova) and a server's groups:
GET /servers/{id}/os-security-groups (every microversion)."""

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import security_groups as schema
from minova.api.openstack.compute.views import security_groups as view
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api
from minova.network import security_group_api
from minova import objects

MAX_PROXY_API_VERSION = '2.35'
_POLICY = 'os_compute_api:os-security-groups:%s'


def show_groups(context, sg_api, groups):
    """The view of ``groups`` with their rules and the source groups the
    rules name, in three queries whatever the count."""
    rules = sg_api.rules(context, groups)
    source_ids = {r.group_id for rs in rules.values() for r in rs
                  if r.group_id is not None}
    sources = {g.id: g for g in objects.SecurityGroupList.get_by_ids(
        context, sorted(source_ids))} if source_ids else {}
    return [view.group(g, rules[g.id], sources) for g in groups]


class SecurityGroupController:
    def __init__(self):
        self.sg_api = security_group_api.SecurityGroupAPI()

    def _show(self, context, group):
        return {'security_group': show_groups(context, self.sg_api,
                                              [group])[0]}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def index(self, req):
        context = req.context
        context.can(_POLICY % 'get', {'project_id': context.project_id})
        all_projects = context.is_admin and \
            req.GET.get('all_tenants', '0') not in ('0', 'false', 'False')
        groups = list(self.sg_api.list(context, all_projects))
        # Nova's common.limited: a bad offset or limit is a 400.
        offset = common.int_param(req.GET.get('offset') or '0', 'offset')
        limit = req.GET.get('limit')
        groups = groups[offset:] if limit is None else \
            groups[offset:offset + common.int_param(limit, 'limit')]
        return {'security_groups': show_groups(context, self.sg_api,
                                               groups)}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def show(self, req, id):
        context = req.context
        group = self.sg_api.get(context, id)
        context.can(_POLICY % 'show', {'project_id': group.project_id})
        return self._show(context, group)

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @validation.schema(schema.create)
    def create(self, req, body):
        context = req.context
        context.can(_POLICY % 'create', {'project_id': context.project_id})
        values = body['security_group']
        group = self.sg_api.create(context, values['name'],
                                   values['description'])
        return self._show(context, group)

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @validation.schema(schema.update)
    def update(self, req, id, body):
        context = req.context
        group = self.sg_api.get(context, id)
        context.can(_POLICY % 'update', {'project_id': group.project_id})
        values = body['security_group']
        group = self.sg_api.update(context, group, values['name'],
                                   values['description'])
        return self._show(context, group)

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @wsgi.response(202)
    def delete(self, req, id):
        context = req.context
        group = self.sg_api.get(context, id)
        context.can(_POLICY % 'delete', {'project_id': group.project_id})
        self.sg_api.destroy(context, group)


class SecurityGroupRulesController:
    def __init__(self):
        self.sg_api = security_group_api.SecurityGroupAPI()

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @validation.schema(schema.create_rule)
    def create(self, req, body):
        context = req.context
        values = body['security_group_rule']
        group = self.sg_api.get(context, values['parent_group_id'])
        context.can(_POLICY % 'rule:create',
                    {'project_id': group.project_id})
        source = None
        if values.get('group_id') is not None:
            source = self.sg_api.get(context, values['group_id'])
        rule = self.sg_api.create_rule(
            context, group, security_group_api.rule_values(
                values.get('ip_protocol'), values.get('from_port'),
                values.get('to_port'), values.get('cidr'),
                source.id if source is not None else None))
        sources = {source.id: source} if source is not None else {}
        return {'security_group_rule': view.rule(rule, sources)}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @wsgi.response(202)
    def delete(self, req, id):
        context = req.context
        context.can(_POLICY % 'rule:delete',
                    {'project_id': context.project_id})
        self.sg_api.delete_rule(context, id)


class ServerSecurityGroupController:
    def __init__(self):
        self.sg_api = security_group_api.SecurityGroupAPI()
        self.compute_api = compute_api.API()

    def index(self, req, server_id):
        context = req.context
        instance = self.compute_api.get(context, server_id)
        context.can(_POLICY % 'list', {'project_id': instance.project_id})
        groups = list(self.sg_api.instance_groups(context, instance.uuid))
        return {'security_groups': show_groups(context, self.sg_api,
                                               groups)}
