"""Bodies of /flavors/{flavor_id}/os-extra_specs."""

import copy

from minova.api import validation_types as types

# Extra spec values may be numbers too (stored as strings).
_specs = copy.deepcopy(types.metadata)
_specs['patternProperties']['^[a-zA-Z0-9-_:. ]{1,255}$']['type'] = \
    ['string', 'number']

create = {
    'type': 'object',
    'properties': {'extra_specs': _specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

# PUT .../os-extra_specs/{key} carries exactly that one key.
update = dict(copy.deepcopy(_specs), minProperties=1, maxProperties=1)
