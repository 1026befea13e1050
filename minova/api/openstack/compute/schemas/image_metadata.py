"""Bodies of /images/{image_id}/metadata (Nova's image metadata proxy)."""

import copy

from minova.api.validation_types import metadata

create = {
    'type': 'object',
    'properties': {'metadata': metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

# PUT of the whole set takes the same body as POST.
update_all = create

# PUT /{key}: exactly one item.
_single = copy.deepcopy(metadata)
_single.update({'minProperties': 1, 'maxProperties': 1})

update = {
    'type': 'object',
    'properties': {'meta': _single},
    'required': ['meta'],
    'additionalProperties': False,
}
