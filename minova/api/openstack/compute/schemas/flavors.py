"""Query strings of /flavors and the body of POST /flavors
(os-flavor-manage)."""

from minova.api import validation_types as types

# Largest value of a signed 32-bit integer column.
MAX_INT = 2147483647
# Largest value of a single-precision float column (rxtx_factor).
SQL_SP_FLOAT_MAX = 3.40282e+38

SORT_KEYS = ['created_at', 'description', 'disabled', 'ephemeral_gb',
             'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb',
             'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus']


_multi = types.multi_params

index_query = {
    'type': 'object',
    'properties': {
        'limit': _multi(types.non_negative_integer),
        'marker': _multi({'type': 'string'}),
        'is_public': _multi({'type': 'string'}),
        'minRam': _multi({'type': 'string'}),
        'minDisk': _multi({'type': 'string'}),
        'sort_key': _multi({'type': 'string', 'enum': SORT_KEYS}),
        'sort_dir': _multi({'type': 'string', 'enum': ['asc', 'desc']}),
    },
    # Unknown parameters are ignored until 2.75, as in Nova.
    'additionalProperties': True,
}

_positive = dict(types.positive_integer, maximum=MAX_INT)
_non_negative = dict(types.non_negative_integer, maximum=MAX_INT)

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': types.name,
                # Absent or null: the API makes up a UUID.
                'id': {
                    'type': ['string', 'number', 'null'],
                    'minLength': 1, 'maxLength': 255,
                    'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
                },
                'ram': _positive,
                'vcpus': _positive,
                'disk': _non_negative,
                'OS-FLV-EXT-DATA:ephemeral': _non_negative,
                'swap': _non_negative,
                'rxtx_factor': {
                    'type': ['number', 'string'],
                    'pattern': r'^[0-9]+(\.[0-9]+)?$',
                    'exclusiveMinimum': 0,
                    'maximum': SQL_SP_FLOAT_MAX,
                },
                'os-flavor-access:is_public': types.boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}
