"""The bodies of os-quota-sets and os-quota-class-sets: which resources
each shows, per microversion, as Nova shows them."""

from minova import quota

_ALL = sorted(set(quota.RESOURCES) | set(quota.UNENFORCED))
# 2.36 removed the proxy APIs' quotas from quota sets.
REMOVED_IN_2_36 = ('fixed_ips', 'floating_ips', 'security_group_rules',
                   'security_groups')
# Quota classes show no server group quotas before 2.50.
_CLASS_RESOURCES = [r for r in _ALL
                    if r not in ('server_groups', 'server_group_members')]


def quota_set_resources(req):
    hidden = REMOVED_IN_2_36 if req.ver('2.36') else ()
    return [r for r in _ALL if r not in hidden]


def quota_set(req, values, project_id=None):
    """{'quota_set': ...}; with an ``id`` except in an update's answer."""
    body = {r: values[r] for r in quota_set_resources(req)}
    if project_id is not None:
        body['id'] = project_id
    return {'quota_set': body}


def quota_set_detail(req, limits, usage, project_id):
    return {'quota_set': dict(
        {r: {'limit': limits[r], 'in_use': usage.get(r, 0), 'reserved': 0}
         for r in quota_set_resources(req)}, id=project_id)}


def quota_class_set(values, class_name=None):
    body = {r: values[r] for r in _CLASS_RESOURCES}
    if class_name is not None:
        body['id'] = class_name
    return {'quota_class_set': body}
