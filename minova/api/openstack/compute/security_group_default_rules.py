"""/os-security-group-default-rules: the rules each project's new
``default`` group starts with (admin only; gone from 2.36 as in Nova)."""

from minova.api.openstack.compute.schemas import security_groups as schema
from minova.api.openstack.compute.views import security_groups as view
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception
from minova.network import security_group_api
from minova import objects

MAX_PROXY_API_VERSION = '2.35'
_POLICY = 'os_compute_api:os-security-group-default-rules:%s'


def _rule_id(value):
    try:
        return int(str(value))
    except ValueError:
        raise exception.SecurityGroupDefaultRuleNotFound(rule_id=value)


class SecurityGroupDefaultRulesController:

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def index(self, req):
        req.context.can(_POLICY % 'index')
        return {'security_group_default_rules': [
            view.default_rule(r) for r in
            objects.SecurityGroupDefaultRule.get_all(req.context)]}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    def show(self, req, id):
        req.context.can(_POLICY % 'show')
        return {'security_group_default_rule': view.default_rule(
            objects.SecurityGroupDefaultRule.get(req.context,
                                                 _rule_id(id)))}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @validation.schema(schema.create_default_rule)
    def create(self, req, body):
        context = req.context
        context.can(_POLICY % 'create')
        values = body['security_group_default_rule']
        columns = security_group_api.rule_values(
            values.get('ip_protocol'), values.get('from_port'),
            values.get('to_port'), values.get('cidr'))
        columns.pop('group_id')
        rule = objects.SecurityGroupDefaultRule(context, **columns)
        if any(rule.same_as(other) for other in
               objects.SecurityGroupDefaultRule.get_all(context)):
            raise exception.SecurityGroupDefaultRuleExists()
        rule.create()
        return {'security_group_default_rule': view.default_rule(rule)}

    @wsgi.versions(max_version=MAX_PROXY_API_VERSION)
    @wsgi.response(204)
    def delete(self, req, id):
        req.context.can(_POLICY % 'delete')
        objects.SecurityGroupDefaultRule.get(req.context,
                                             _rule_id(id)).destroy()
