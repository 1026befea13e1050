"""Bodies and query strings of /os-services (before 2.53's UUIDs)."""

import copy

from minova.api import validation_types as types

_hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
             'pattern': r'^[a-zA-Z0-9-._]*$'}

update = {
    'type': 'object',
    'properties': {
        'host': _hostname,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': {'type': 'string', 'minLength': 1,
                            'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

# 2.11: a service can be forced down.
update_v211 = copy.deepcopy(update)
update_v211['properties']['forced_down'] = types.boolean

index_query = {
    'type': 'object',
    'properties': {
        'host': {'type': 'array', 'items': {'type': 'string'}},
        'binary': {'type': 'array', 'items': {'type': 'string'}},
    },
    # Unknown parameters are ignored (until 2.75, as in Nova).
    'additionalProperties': True,
}
