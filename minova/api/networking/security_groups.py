"""/v2.0/security-groups and /v2.0/security-group-rules: the compute
API's nova-network groups (``minova.network.security_group_api``) in
Neutron's shapes. Groups filter inbound IPv4 only, so a rule is
``ingress`` / ``IPv4``; Neutron's default egress rules have no
counterpart (everything leaves)."""

from minova.api.networking import common
from minova import exception
from minova.network import security_group_api
from minova import objects

_POLICY = 'os_compute_api:os-security-groups:%s'
_GROUP_KEYS = ('id', 'name', 'description', 'project_id', 'tenant_id')
_RULE_KEYS = ('id', 'security_group_id', 'direction', 'ethertype',
              'protocol', 'port_range_min', 'port_range_max',
              'remote_ip_prefix', 'remote_group_id', 'project_id',
              'tenant_id')
_RULE_BODY = ('security_group_id', 'direction', 'ethertype', 'protocol',
              'port_range_min', 'port_range_max', 'remote_ip_prefix',
              'remote_group_id', 'description', 'project_id', 'tenant_id')
# Neutron takes IANA numbers for the protocols too.
_PROTOCOL_NUMBERS = {'1': 'icmp', '6': 'tcp', '17': 'udp'}

sg_api = security_group_api.SecurityGroupAPI()


def _port(value):
    return None if value in (None, -1) else value


def rule_view(rule, project_id):
    if rule.protocol == 'icmp':
        low, high = _port(rule.from_port), _port(rule.to_port)
    elif rule.protocol is None:
        low = high = None
    else:
        low, high = rule.from_port, rule.to_port
    return dict(common.project_fields(project_id), **{
        'id': str(rule.id), 'security_group_id': str(rule.parent_group_id),
        'direction': 'ingress', 'ethertype': 'IPv4',
        'protocol': rule.protocol, 'port_range_min': low,
        'port_range_max': high,
        'remote_ip_prefix': rule.cidr if rule.group_id is None else None,
        'remote_group_id': (None if rule.group_id is None
                            else str(rule.group_id)),
        'remote_address_group_id': None, 'normalized_cidr': rule.cidr,
        'description': '', 'revision_number': 0, 'tags': [],
        'created_at': None, 'updated_at': None})


def group_view(group, rules):
    return dict(common.project_fields(group.project_id), **{
        'id': str(group.id), 'name': group.name,
        'description': group.description or '',
        'security_group_rules': [rule_view(r, group.project_id)
                                 for r in rules],
        'stateful': True, 'shared': False, 'revision_number': 0,
        'tags': [], 'created_at': None, 'updated_at': None})


def _group(req, group_id, action):
    """The caller's group (any, for an admin), or 404 in Neutron's
    words."""
    context = req.context
    try:
        group = sg_api.get(context, group_id)
    except exception.InvalidInput:
        raise exception.SecurityGroupNotFound(security_group_id=group_id)
    context.can(_POLICY % action, {'project_id': group.project_id})
    return group


def _groups_of(req):
    context = req.context
    context.can(_POLICY % 'get', {'project_id': context.project_id})
    project = common.listed_project(req)
    if project == context.project_id:
        return list(sg_api.list(context))
    if not context.is_admin:
        return []
    groups = list(sg_api.list(context, all_projects=True))
    return [g for g in groups if project is None or g.project_id == project]


def list_groups(req):
    groups = _groups_of(req)
    rules = sg_api.rules(req.context, groups)
    views = [group_view(g, rules[g.id]) for g in groups]
    wanted = common.filters(req, _GROUP_KEYS)
    return common.respond({'security_groups': [
        v for v in views if common.matches(v, wanted)]})


def _show(req, group, status=200):
    rules = sg_api.rules(req.context, [group])[group.id]
    return common.respond({'security_group': group_view(group, rules)},
                          status)


def show_group(req, group_id):
    return _show(req, _group(req, group_id, 'show'))


def create_group(req):
    values = common.resource_body(req, 'security_group')
    common.check_keys(values, ('name', 'description', 'project_id',
                               'tenant_id', 'stateful'))
    context = req.context
    context.can(_POLICY % 'create', {'project_id': context.project_id})
    _own_project(req, values)
    name = common.string(values, 'name')
    if name == security_group_api.DEFAULT_GROUP:
        raise exception.ValidationError(
            detail="Default security group already exists.")
    # nova-network wants a description; Neutron's is optional.
    description = common.string(values, 'description') or name
    return _show(req, sg_api.create(context, name, description), 201)


def update_group(req, group_id):
    values = common.resource_body(req, 'security_group')
    common.check_keys(values, ('name', 'description'))
    group = _group(req, group_id, 'update')
    name = common.string(values, 'name', group.name)
    description = common.string(values, 'description',
                                group.description) or name
    return _show(req, sg_api.update(req.context, group, name, description))


def delete_group(req, group_id):
    sg_api.destroy(req.context, _group(req, group_id, 'delete'))
    return common.no_content()


def _own_project(req, values):
    """A resource is made in the caller's project: nova-network's APIs
    cannot make one for another."""
    context = req.context
    for key in ('project_id', 'tenant_id'):
        if values.get(key) not in (None, context.project_id):
            raise exception.ValidationError(
                detail='minova makes security groups and floating IPs '
                       'only in the caller\'s project.')


# -- rules ----------------------------------------------------------------

def list_rules(req):
    groups = _groups_of(req)
    rules = sg_api.rules(req.context, groups)
    views = [rule_view(r, g.project_id) for g in groups for r in rules[g.id]]
    wanted = common.filters(req, _RULE_KEYS)
    return common.respond({'security_group_rules': [
        v for v in views if common.matches(v, wanted)]})


def _rule(req, rule_id, action):
    try:
        rule = objects.SecurityGroupRule.get(req.context, int(rule_id))
        group = _group(req, rule.parent_group_id, action)
    except (ValueError, exception.SecurityGroupNotFound):
        raise exception.SecurityGroupRuleNotFound(rule_id=rule_id)
    return rule, group


def show_rule(req, rule_id):
    rule, group = _rule(req, rule_id, 'show')
    return common.respond({'security_group_rule': rule_view(
        rule, group.project_id)})


def _protocol(value):
    if value in (None, 'any'):
        return None
    value = str(value).lower()
    return _PROTOCOL_NUMBERS.get(value, value)


def _rule_values(values, source):
    protocol = _protocol(values.get('protocol'))
    low, high = values.get('port_range_min'), values.get('port_range_max')
    if protocol in ('tcp', 'udp') and low is None and high is None:
        low, high = 1, 65535            # Neutron: every port
    elif protocol in ('tcp', 'udp') and high is None:
        high = low
    if protocol is None and source is None:
        if low is not None or high is not None:
            raise exception.ValidationError(
                detail='Must also specify protocol if port range is given.')
        # Any protocol from a CIDR: nova-network has no such rule.
        raise exception.ValidationError(
            detail='minova security group rules name a protocol (tcp, '
                   'udp, icmp) unless they name a remote group.')
    return security_group_api.rule_values(
        protocol, low, high, values.get('remote_ip_prefix'),
        source.id if source is not None else None)


def _check_rule_body(values):
    common.check_keys(values, _RULE_BODY)
    if values.get('direction', 'ingress') != 'ingress':
        raise exception.ValidationError(
            detail='minova security groups filter inbound traffic only: '
                   'direction must be ingress.')
    if values.get('ethertype', 'IPv4') != 'IPv4':
        raise exception.ValidationError(
            detail='minova security groups are IPv4 only.')
    if values.get('remote_ip_prefix') and values.get('remote_group_id'):
        raise exception.ValidationError(
            detail='Only remote_ip_prefix or remote_group_id may be '
                   'provided.')
    if not values.get('security_group_id'):
        raise exception.ValidationError(
            detail="Failed to parse request. Required attribute "
                   "'security_group_id' not specified")


def create_rule(req):
    values = common.resource_body(req, 'security_group_rule')
    _check_rule_body(values)
    _own_project(req, values)
    group = _group(req, values['security_group_id'], 'rule:create')
    source = None
    if values.get('remote_group_id'):
        source = _group(req, values['remote_group_id'], 'show')
    rule = sg_api.create_rule(req.context, group,
                              _rule_values(values, source))
    return common.respond({'security_group_rule': rule_view(
        rule, group.project_id)}, 201)


def delete_rule(req, rule_id):
    rule, _group_ = _rule(req, rule_id, 'rule:delete')
    sg_api.delete_rule(req.context, rule.id)
    return common.no_content()
