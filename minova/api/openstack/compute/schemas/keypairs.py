"""Bodies and query strings of /os-keypairs, per microversion."""

import copy

from minova.api import validation_types as types

create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'public_key': {'type': 'string'},
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

# 2.2: a key pair has a type.
create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509']}

# 2.10: an admin may create a key pair for another user.
create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string'}


_multi = types.multi_params

# Unknown query parameters are ignored (until 2.75, as in Nova).
index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}

# 2.10: user_id (admins).
index_query_v210 = copy.deepcopy(index_query)
index_query_v210['properties']['user_id'] = _multi({'type': 'string'})

# 2.35: the list is paginated.
index_query_v235 = copy.deepcopy(index_query_v210)
index_query_v235['properties'].update(
    limit=_multi(types.non_negative_integer),
    marker=_multi({'type': 'string'}))
