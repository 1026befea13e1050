"""Security groups and their rules as Nova's nova-network API showed
them."""


def rule(rule_obj, sources=None):
    """One rule; ``sources`` maps source group ids to their groups."""
    body = {'id': rule_obj.id, 'parent_group_id': rule_obj.parent_group_id,
            'ip_protocol': rule_obj.protocol,
            'from_port': rule_obj.from_port, 'to_port': rule_obj.to_port,
            'group': {}, 'ip_range': {}}
    if rule_obj.group_id is not None:
        source = (sources or {}).get(rule_obj.group_id)
        if source is not None:
            body['group'] = {'name': source.name,
                             'tenant_id': source.project_id}
    else:
        body['ip_range'] = {'cidr': rule_obj.cidr}
    return body


def group(group_obj, rules=(), sources=None):
    return {'id': group_obj.id, 'name': group_obj.name,
            'description': group_obj.description,
            'tenant_id': group_obj.project_id,
            'rules': [rule(r, sources) for r in rules]}


def default_rule(rule_obj):
    return {'id': rule_obj.id, 'ip_protocol': rule_obj.protocol,
            'from_port': rule_obj.from_port, 'to_port': rule_obj.to_port,
            'ip_range': {'cidr': rule_obj.cidr}}
