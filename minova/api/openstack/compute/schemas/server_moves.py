"""Request bodies of the move actions (resize, confirmResize,
revertResize, migrate, evacuate), per microversion as in Nova."""

import copy

from minova.api.validation_types import boolean, flavor_ref


def _null_action(name):
    return {'type': 'object', 'properties': {name: {'type': 'null'}},
            'required': [name], 'additionalProperties': False}


resize = {
    'type': 'object',
    'properties': {'resize': {
        'type': 'object',
        'properties': {
            'flavorRef': flavor_ref,
            'OS-DCF:diskConfig': {'type': 'string',
                                  'enum': ['AUTO', 'MANUAL']},
        },
        'required': ['flavorRef'],
        'additionalProperties': False}},
    'required': ['resize'],
    'additionalProperties': False,
}

confirm_resize = _null_action('confirmResize')
revert_resize = _null_action('revertResize')
migrate = _null_action('migrate')

_host = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': '^[a-zA-Z0-9-._]*$'}

evacuate = {
    'type': 'object',
    'properties': {'evacuate': {
        'type': 'object',
        'properties': {
            'host': _host,
            'onSharedStorage': boolean,
            'adminPass': {'type': 'string'},
        },
        'required': ['onSharedStorage'],
        'additionalProperties': False}},
    'required': ['evacuate'],
    'additionalProperties': False,
}

# 2.14: onSharedStorage is gone (and adminPass leaves the response).
evacuate_v214 = copy.deepcopy(evacuate)
del evacuate_v214['properties']['evacuate']['properties']['onSharedStorage']
del evacuate_v214['properties']['evacuate']['required']

# 2.29: force skips the scheduler's filters for the named host.
evacuate_v229 = copy.deepcopy(evacuate_v214)
evacuate_v229['properties']['evacuate']['properties']['force'] = boolean
