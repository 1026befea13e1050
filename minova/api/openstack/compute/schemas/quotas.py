"""Request bodies of os-quota-sets and os-quota-class-sets updates."""

import copy

from minova.api.openstack.compute.views import quotas as view
from minova.api.validation_types import boolean
from minova import quota

_limit = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$',
          'minimum': -1, 'maximum': 0x7FFFFFFF}

_resources = {name: _limit for name in
              sorted(set(quota.RESOURCES) | set(quota.UNENFORCED))}

update_quota_set = {
    'type': 'object',
    'properties': {'quota_set': {
        'type': 'object',
        'properties': dict(_resources, force=boolean),
        'additionalProperties': False}},
    'required': ['quota_set'],
    'additionalProperties': False,
}

# 2.36: the proxy APIs' quotas can no longer be set.
update_quota_set_v236 = copy.deepcopy(update_quota_set)
for _name in view.REMOVED_IN_2_36:
    del update_quota_set_v236['properties']['quota_set']['properties'][_name]

update_quota_class_set = {
    'type': 'object',
    'properties': {'quota_class_set': {
        'type': 'object',
        'properties': _resources,
        'additionalProperties': False}},
    'required': ['quota_class_set'],
    'additionalProperties': False,
}
