"""Bodies and query strings of /os-server-groups (before 2.64)."""

import copy

from minova.api import validation_types as types

create = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': types.name,
                # Exactly one policy, in a list (2.64 made it a string).
                'policies': {
                    'type': 'array',
                    'items': {'type': 'string',
                              'enum': ['anti-affinity', 'affinity']},
                    'uniqueItems': True,
                    'minItems': 1,
                    'maxItems': 1,
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

# 2.15: the soft (best effort) policies.
create_v215 = copy.deepcopy(create)
create_v215['properties']['server_group']['properties']['policies'][
    'items']['enum'].extend(['soft-anti-affinity', 'soft-affinity'])


def _multi(schema):
    return {'type': 'array', 'items': schema}


index_query = {
    'type': 'object',
    'properties': {
        'all_projects': _multi({'type': 'string'}),
        'limit': _multi(types.non_negative_integer),
        'offset': _multi(types.non_negative_integer),
    },
    # Unknown parameters are ignored (until 2.75, as in Nova).
    'additionalProperties': True,
}
