"""Request bodies and the list query of /servers, per microversion.

Each later version is derived from the earlier one with one explicit
change, never copied.
"""

import copy

from minova.api.validation_types import (name, description, uuid,
                                         positive_integer, metadata,
                                         flavor_ref, image_ref, boolean,
                                         multi_params)

_network = {
    'type': 'object',
    'properties': {
        'fixed_ip': {'type': 'string', 'format': 'ipv4'},
        'port': {'oneOf': [uuid, {'type': 'null'}]},
        'uuid': {'type': 'string'},
        'tag': {'type': 'string', 'maxLength': 60},
    },
    'additionalProperties': False,
}

_bdm_v2 = {
    'type': 'object',
    'properties': {
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'destination_type': {'type': 'string',
                             'enum': ['local', 'volume']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
        'device_name': {'type': ['string', 'null']},
        'volume_size': {'type': ['integer', 'string', 'null'],
                        'pattern': '^[0-9]+$'},
        'delete_on_termination': boolean,
        'guest_format': {'type': ['string', 'null']},
        'disk_bus': {'type': ['string', 'null']},
        'device_type': {'type': ['string', 'null']},
        'no_device': {},
        'tag': {'type': 'string', 'maxLength': 60},
    },
    'additionalProperties': False,
}

_server_2_1 = {
    'type': 'object',
    'properties': {
        'name': name,
        'imageRef': image_ref,
        'flavorRef': flavor_ref,
        'adminPass': {'type': 'string'},
        'metadata': metadata,
        'networks': {'type': 'array', 'items': _network},
        'OS-DCF:diskConfig': {'type': 'string',
                              'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': {'type': 'string', 'format': 'ipv4'},
        'accessIPv6': {'type': 'string', 'format': 'ipv6'},
        'personality': {'type': 'array', 'items': {
            'type': 'object',
            'properties': {'path': {'type': 'string'},
                           'contents': {'type': 'string'}},
            'additionalProperties': False}},
        'availability_zone': {'type': 'string', 'minLength': 1,
                              'maxLength': 255},
        'block_device_mapping': {'type': 'array'},
        'block_device_mapping_v2': {'type': 'array', 'items': _bdm_v2},
        'config_drive': boolean,
        'key_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'min_count': positive_integer,
        'max_count': positive_integer,
        'return_reservation_id': boolean,
        'security_groups': {'type': 'array', 'items': {
            'type': 'object',
            'properties': {'name': {'type': 'string', 'minLength': 1}},
            'additionalProperties': False}},
        'user_data': {'type': 'string', 'format': 'base64',
                      'maxLength': 65535},
    },
    'required': ['name', 'flavorRef'],
    'additionalProperties': False,
}

_hints = {
    'type': 'object',
    'properties': {
        'group': uuid,
        'different_host': {'oneOf': [uuid, {'type': 'array',
                                            'items': uuid}]},
        'same_host': {'oneOf': [uuid, {'type': 'array', 'items': uuid}]},
    },
    # Out-of-tree filters may read other hints; Nova lets them through.
    'additionalProperties': True,
}

create = {
    'type': 'object',
    'properties': {
        'server': _server_2_1,
        'os:scheduler_hints': _hints,
        'OS-SCH-HNT:scheduler_hints': _hints,
    },
    'required': ['server'],
    'additionalProperties': False,
}

# 2.19: a server can have a description.
create_v219 = copy.deepcopy(create)
create_v219['properties']['server']['properties']['description'] = \
    description

# 2.37: networks is required: 'auto', 'none' or a list of networks.
create_v237 = copy.deepcopy(create_v219)
create_v237['properties']['server']['properties']['networks'] = {
    'oneOf': [{'type': 'array', 'items': _network},
              {'type': 'string', 'enum': ['none', 'auto']}]}
create_v237['properties']['server']['required'] = ['name', 'flavorRef',
                                                   'networks']

_update_server = {
    'type': 'object',
    'properties': {
        'name': name,
        'OS-DCF:diskConfig': {'type': 'string',
                              'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': {'type': 'string', 'format': 'ipv4'},
        'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    },
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {'server': _update_server},
    'required': ['server'],
    'additionalProperties': False,
}

# 2.19: the description can be changed too.
update_v219 = copy.deepcopy(update)
update_v219['properties']['server']['properties']['description'] = \
    description

reboot = {
    'type': 'object',
    'properties': {'reboot': {
        'type': 'object',
        'properties': {'type': {'type': 'string',
                                'enum': ['HARD', 'Hard', 'hard', 'SOFT',
                                         'Soft', 'soft']}},
        'required': ['type'],
        'additionalProperties': False}},
    'required': ['reboot'],
    'additionalProperties': False,
}

# Nova accepts any value under os-stop / os-start (clients send {} or
# null); only the one key is checked.
stop = {'type': 'object',
        'properties': {'os-stop': {}},
        'required': ['os-stop'], 'additionalProperties': False}

start = {'type': 'object',
         'properties': {'os-start': {}},
         'required': ['os-start'], 'additionalProperties': False}

get_console_output = {
    'type': 'object',
    'properties': {'os-getConsoleOutput': {
        'type': 'object',
        'properties': {'length': {
            'type': ['integer', 'string', 'null'],
            'pattern': '^-?[0-9]+$', 'minimum': -1}},
        'additionalProperties': False}},
    'required': ['os-getConsoleOutput'],
    'additionalProperties': False,
}


_string = multi_params({'type': 'string'})

# GET /servers and /servers/detail. Unknown parameters are ignored (as
# Nova does below 2.75); limit and marker are checked by common's
# pagination helpers, sort keys by the database layer.
index_query = {
    'type': 'object',
    'properties': {
        'all_tenants': _string,
        'project_id': _string,
        'tenant_id': _string,
        'changes-since': multi_params({'type': 'string',
                                       'format': 'date-time'}),
        'deleted': _string,
        'name': multi_params({'type': 'string', 'format': 'regex'}),
        'reservation_id': _string,
        'image': _string,
        'flavor': _string,
        'host': _string,
        'status': _string,
        'sort_key': _string,
        'sort_dir': multi_params({'type': 'string',
                                  'enum': ['asc', 'desc']}),
        'limit': _string,
        'marker': _string,
    },
    'additionalProperties': True,
}
