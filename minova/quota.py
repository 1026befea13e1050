"""Counted quotas, as Nova does them: usage is counted from the instance
rows, never kept in a separate, drifting counter.

Concurrent requests can both pass the first count; the API therefore
counts again after writing its rows (``recheck``) and undoes its own
request if the project went over, so the limit holds under races.
"""

from minova.db.deferred import api as db
import minova.conf
from minova import exception

CONF = minova.conf.CONF

RESOURCES = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs',
             'server_groups', 'server_group_members', 'security_groups',
             'security_group_rules', 'floating_ips')

# Limits Nova's quota sets carry that minova stores but does not enforce
# (fixed IPs and file injection), at Nova's defaults.
UNENFORCED = {'fixed_ips': -1, 'injected_files': 5,
              'injected_file_content_bytes': 10240,
              'injected_file_path_bytes': 255}

DEFAULT_CLASS = 'default'


def get_defaults():
    """[quota] options, with the ``default`` quota class over them."""
    limits = {name: getattr(CONF.quota, name) for name in RESOURCES}
    limits.update(UNENFORCED)
    limits.update(db.quota_get_all('class', class_name=DEFAULT_CLASS))
    return limits


def get_class_limits(class_name):
    """A quota class's limits; a class without rows has the defaults."""
    limits = get_defaults()
    limits.update(db.quota_get_all('class', class_name=class_name))
    return limits


def get_limits(project_id, user_id=None):
    """The project's limits (a user's within it, with ``user_id``):
    per-user over per-project overrides over the defaults."""
    limits = get_defaults()
    limits.update(db.quota_get_all('project', project_id=project_id))
    if user_id:
        limits.update(db.quota_get_all('user', project_id=project_id,
                                       user_id=user_id))
    return limits


def get_usage(project_id, user_id=None):
    """What the project (or one user of it) uses of each resource.
    Key pairs belong to users: a project alone has none."""
    usage = dict.fromkeys(get_defaults(), 0)
    usage.update(db.instance_count_resources(project_id, user_id))
    groups = {'project_id': project_id}
    if user_id:
        groups['user_id'] = user_id
        usage['key_pairs'] = db.rows_count('KeyPair', user_id=user_id)
    usage['server_groups'] = db.rows_count('InstanceGroup', **groups)
    return usage


def update_limits(project_id, limits, user_id=None, force=False):
    """Set limits of the project (of one user in it); without ``force``
    none may fall below what is used, and a user's none above the
    project's. Nothing is written when one value is refused."""
    used = get_usage(project_id, user_id)
    project_limits = get_limits(project_id) if user_id else {}
    for resource, limit in limits.items():
        if limit == -1:
            continue
        if not force and limit < used.get(resource, 0):
            raise exception.InvalidQuotaValue(limit=limit,
                                              resource=resource,
                                              minimum=used[resource])
        maximum = project_limits.get(resource, -1)
        if 0 <= maximum < limit:
            raise exception.QuotaAboveProjectLimit(
                limit=limit, resource=resource, maximum=maximum)
    if user_id:
        db.quota_set_all('user', limits, project_id=project_id,
                         user_id=user_id)
    else:
        db.quota_set_all('project', limits, project_id=project_id)


def reset_limits(project_id, user_id=None):
    """Back to the defaults: a user's overrides, or the project's and
    all of its users'."""
    if user_id:
        db.quota_destroy_all('user', project_id=project_id,
                             user_id=user_id)
        return
    db.quota_destroy_all('user', project_id=project_id)
    db.quota_destroy_all('project', project_id=project_id)


def update_class_limits(class_name, limits):
    db.quota_set_all('class', limits, class_name=class_name)


def count_instance_usage(project_id):
    return db.instance_count_resources(project_id)


def allowed_instances(project_id, requested, flavor, minimum=1,
                      limits=None, user_id=None):
    """How many of ``requested`` instances of ``flavor`` fit the quota:
    the project's and, where the user has limits of their own, the
    user's (with the user's usage).

    Raises TooManyInstances, naming the resource that is short, when
    fewer than ``minimum`` (the request's min_count) fit. ``limits``
    saves reading them again when the caller has them.
    """
    limits = limits or get_limits(project_id)
    per_instance = {'instances': 1, 'cores': flavor.vcpus,
                    'ram': flavor.memory_mb}
    allowed = requested
    for scope_limits, usage in _instance_scopes(project_id, user_id,
                                                limits):
        allowed = min(allowed, _room(scope_limits, usage, per_instance))
        if allowed < max(minimum, 1):
            _raise_over(scope_limits, usage, per_instance, requested)
    return allowed


def _instance_scopes(project_id, user_id, limits):
    """(limits, usage) of the project, then of the user if they have
    limits of their own."""
    yield limits, count_instance_usage(project_id)
    own = db.quota_get_all('user', project_id=project_id,
                           user_id=user_id) if user_id else {}
    if own:
        yield dict(limits, **own), db.instance_count_resources(project_id,
                                                               user_id)


def _room(limits, usage, per_instance):
    room = None
    for resource, amount in per_instance.items():
        limit = limits[resource]
        if limit < 0 or amount == 0:
            continue
        fits = max(limit - usage[resource], 0) // amount
        room = fits if room is None else min(room, fits)
    return float('inf') if room is None else room


def _raise_over(limits, usage, per_instance, requested):
    # As Nova reports it: the resources the whole request exceeds.
    overs = [r for r, amount in per_instance.items()
             if limits[r] >= 0 and
             usage[r] + amount * requested > limits[r]]
    resource = overs[0]
    raise exception.TooManyInstances(
        overs=', '.join(overs), req=per_instance[resource] * requested,
        used=usage[resource], allowed=limits[resource])


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
