"""Counted quotas, as Nova does them: usage is counted from the instance
rows, never kept in a separate, drifting counter.

Concurrent requests can both pass the first count; the API therefore
counts again after writing its rows (``recheck``) and undoes its own
request if the project went over, so the limit holds under races.
"""

from minova.db import api as db
import minova.conf
from minova import exception

CONF = minova.conf.CONF

RESOURCES = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs',
             'server_groups', 'server_group_members', 'security_groups',
             'security_group_rules', 'floating_ips')


def get_limits(project_id):
    """The project's limits: per-project overrides over [quota] defaults."""
    limits = {name: getattr(CONF.quota, name) for name in RESOURCES}
    limits.update(db.quota_get_all_by_project(project_id))
    return limits


def count_instance_usage(project_id):
    return db.instance_count_resources(project_id)


def allowed_instances(project_id, requested, flavor, minimum=1,
                      limits=None):
    """How many of ``requested`` instances of ``flavor`` fit the quota.

    Raises TooManyInstances, naming the resource that is short, when
    fewer than ``minimum`` (the request's min_count) fit. ``limits``
    saves reading them again when the caller has them.
    """
    limits = limits or get_limits(project_id)
    usage = count_instance_usage(project_id)
    per_instance = {'instances': 1, 'cores': flavor.vcpus,
                    'ram': flavor.memory_mb}
    allowed = requested
    for resource, amount in per_instance.items():
        limit = limits[resource]
        if limit < 0 or amount == 0:
            continue
        room = max(limit - usage[resource], 0) // amount
        allowed = min(allowed, room)
    if allowed < max(minimum, 1):
        # As Nova reports it: the resources the whole request exceeds.
        overs = [r for r, amount in per_instance.items()
                 if limits[r] >= 0 and
                 usage[r] + amount * requested > limits[r]]
        resource = overs[0]
        raise exception.TooManyInstances(
            overs=', '.join(overs),
            req=per_instance[resource] * requested,
            used=usage[resource], allowed=limits[resource])
    return allowed


def recheck_instances(project_id, limits=None):
    """After the rows are written: raise if the project is now over."""
    limits = limits or get_limits(project_id)
    usage = count_instance_usage(project_id)
    overs = [r for r in ('instances', 'cores', 'ram')
             if limits[r] >= 0 and usage[r] > limits[r]]
    if overs:
        resource = overs[0]
        raise exception.TooManyInstances(
            overs=', '.join(overs), req=0, used=usage[resource],
            allowed=limits[resource])


def check_count(resource, project_id, count):
    """For simple counted resources (key pairs, server groups, security
    groups and their rules, floating IPs)."""
    limit = get_limits(project_id)[resource]
    return limit < 0 or count <= limit
