"""Schema fragments shared by many request bodies (as Nova's
parameter_types)."""

name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    # Nova forbids leading/trailing whitespace and control characters.
    'pattern': r'^(?![\s])[^\x00-\x1f\x7f]*(?<![\s])$',
}

description = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
    'pattern': r'^[^\x00-\x1f\x7f]*$',
}

uuid = {'type': 'string', 'format': 'uuid'}

positive_integer = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
    'minLength': 1,
}

non_negative_integer = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
    'minLength': 1,
}

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES',
             'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF',
             'Off', 'off', 'NO', 'No', 'no'],
}

metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}

image_ref = {'type': 'string'}


def multi_params(schema):
    """A query parameter: webob gives every one as a list of values."""
    return {'type': 'array', 'items': schema}
