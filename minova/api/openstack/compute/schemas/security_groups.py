"""Bodies of the security group APIs and actions (nova-network's).

Names and descriptions are checked by the API as Nova checks them (with
its messages), so the schemas fix only the shapes.
"""

_port = {'type': ['integer', 'string', 'null']}
_rule_properties = {
    'ip_protocol': {'type': ['string', 'null']},
    'from_port': _port,
    'to_port': _port,
    'cidr': {'type': ['string', 'null']},
}

_group = {
    'type': 'object',
    'properties': {'name': {}, 'description': {}},
    'required': ['name', 'description'],
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'security_group': _group},
    'required': ['security_group'],
    'additionalProperties': False,
}

update = create

create_rule = {
    'type': 'object',
    'properties': {'security_group_rule': {
        'type': 'object',
        'properties': dict(_rule_properties,
                           parent_group_id={'type': ['integer', 'string']},
                           group_id={'type': ['integer', 'string',
                                              'null']}),
        'required': ['parent_group_id'],
        'additionalProperties': False,
    }},
    'required': ['security_group_rule'],
    'additionalProperties': False,
}

create_default_rule = {
    'type': 'object',
    'properties': {'security_group_default_rule': {
        'type': 'object',
        'properties': _rule_properties,
        'additionalProperties': False,
    }},
    'required': ['security_group_default_rule'],
    'additionalProperties': False,
}


def _action(name):
    return {
        'type': 'object',
        'properties': {name: {
            'type': 'object',
            'properties': {'name': {'type': 'string', 'minLength': 1,
                                    'maxLength': 255}},
            'required': ['name'],
            'additionalProperties': False,
        }},
        'required': [name],
        'additionalProperties': False,
    }


add_security_group = _action('addSecurityGroup')
remove_security_group = _action('removeSecurityGroup')
