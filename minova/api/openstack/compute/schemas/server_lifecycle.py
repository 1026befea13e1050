"""Request bodies of createImage, createBackup, rebuild, rescue,
unrescue, shelve, shelveOffload and unshelve (Nova's, up to 2.38)."""

import copy

from minova.api.validation_types import (name, description, uuid,
                                         non_negative_integer, metadata,
                                         image_ref, boolean)


def _action(action, properties=None, required=(), nullable=False):
    """``{action: {...}}``, the one key of an action body."""
    inner = {'type': ['object', 'null'] if nullable else 'object',
             'properties': properties or {},
             'additionalProperties': False}
    if required:
        inner['required'] = list(required)
    if properties is None:
        inner = {'type': 'null'}
    return {'type': 'object', 'properties': {action: inner},
            'required': [action], 'additionalProperties': False}


create_image = _action('createImage', {'name': name, 'metadata': metadata},
                       required=['name'])

create_backup = _action('createBackup', {
    'name': name, 'backup_type': {'type': 'string'},
    'rotation': non_negative_integer, 'metadata': metadata},
    required=['name', 'backup_type', 'rotation'])

rebuild = _action('rebuild', {
    'imageRef': image_ref, 'name': name, 'adminPass': {'type': 'string'},
    'metadata': metadata, 'preserve_ephemeral': boolean,
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'accessIPv4': {'type': 'string', 'format': 'ipv4'},
    'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    'personality': {'type': 'array', 'maxItems': 0}},
    required=['imageRef'])

# 2.19: a description may be set too.
rebuild_v219 = copy.deepcopy(rebuild)
rebuild_v219['properties']['rebuild']['properties']['description'] = \
    description

rescue = _action('rescue', {'adminPass': {'type': 'string'},
                            'rescue_image_ref': uuid}, nullable=True)
unrescue = _action('unrescue')
shelve = _action('shelve')
shelve_offload = _action('shelveOffload')
unshelve = _action('unshelve')
