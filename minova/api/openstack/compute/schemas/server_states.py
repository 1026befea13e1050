"""Request bodies of the state actions that take one (the others, like
``{"pause": null}``, accept any value, as Nova does)."""

reset_state = {
    'type': 'object',
    'properties': {'os-resetState': {
        'type': 'object',
        'properties': {'state': {'type': 'string',
                                 'enum': ['active', 'error']}},
        'required': ['state'],
        'additionalProperties': False}},
    'required': ['os-resetState'],
    'additionalProperties': False,
}

trigger_crash_dump = {
    'type': 'object',
    'properties': {'trigger_crash_dump': {'type': 'null'}},
    'required': ['trigger_crash_dump'],
    'additionalProperties': False,
}
