"""Request bodies of /servers/{id}/metadata and /servers/{id}/tags."""

import copy

from minova.api.validation_types import metadata

MAX_TAGS = 50

create_metadata = {
    'type': 'object',
    'properties': {'metadata': metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all_metadata = create_metadata

# PUT /metadata/{key}: exactly one item, under "meta".
_one_item = dict(copy.deepcopy(metadata), minProperties=1, maxProperties=1)
update_metadata = {
    'type': 'object',
    'properties': {'meta': _one_item},
    'required': ['meta'],
    'additionalProperties': False,
}

tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
       'pattern': '^[^,/]*$'}

update_all_tags = {
    'type': 'object',
    'properties': {'tags': {'type': 'array', 'items': tag,
                            'maxItems': MAX_TAGS}},
    'required': ['tags'],
    'additionalProperties': False,
}
