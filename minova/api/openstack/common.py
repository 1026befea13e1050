"""Helpers the compute controllers share: status mapping, pagination,
links."""

from minova.compute import task_states
from minova.compute import vm_states
import minova.conf
from minova import exception

CONF = minova.conf.CONF

# vm_state -> {task_state: API status}; 'default' when no task matches.
_STATE_MAP = {
    vm_states.ACTIVE: {
        'default': 'ACTIVE',
        task_states.REBOOTING: 'REBOOT',
        task_states.REBOOT_PENDING: 'REBOOT',
        task_states.REBOOT_STARTED: 'REBOOT',
        task_states.REBOOTING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_PENDING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_STARTED_HARD: 'HARD_REBOOT',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
        **dict.fromkeys(task_states.REBUILD_STATES, 'REBUILD'),
    },
    vm_states.BUILDING: {'default': 'BUILD'},
    vm_states.STOPPED: {
        'default': 'SHUTOFF',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
        **dict.fromkeys(task_states.REBUILD_STATES, 'REBUILD'),
    },
    vm_states.RESIZED: {
        'default': 'VERIFY_RESIZE',
        task_states.RESIZE_REVERTING: 'REVERT_RESIZE',
    },
    vm_states.PAUSED: {'default': 'PAUSED'},
    vm_states.SUSPENDED: {'default': 'SUSPENDED'},
    vm_states.ERROR: {'default': 'ERROR',
                      **dict.fromkeys(task_states.REBUILD_STATES,
                                      'REBUILD')},
    vm_states.RESCUED: {'default': 'RESCUE'},
    vm_states.SHELVED: {'default': 'SHELVED'},
    vm_states.SHELVED_OFFLOADED: {'default': 'SHELVED_OFFLOADED'},
    vm_states.DELETED: {'default': 'DELETED'},
    vm_states.SOFT_DELETED: {'default': 'SOFT_DELETED'},
}


def status_from_state(vm_state, task_state='default'):
    task_map = _STATE_MAP.get(vm_state, {'default': 'UNKNOWN'})
    status = task_map.get(task_state, task_map['default'])
    if status == 'UNKNOWN':
        return 'ERROR'
    return status


def task_and_vm_state_from_status(statuses):
    """The (vm_states, task_states) pairs behind API statuses."""
    vm_list, task_list = set(), set()
    for status in statuses:
        status = status.upper()
        for vm_state, task_map in _STATE_MAP.items():
            for task_state, mapped in task_map.items():
                if mapped != status:
                    continue
                vm_list.add(vm_state)
                if task_state == 'default':
                    # Any task state that does not map elsewhere.
                    task_list.add('default')
                else:
                    task_list.add(task_state)
    return sorted(vm_list), task_list


def valid_statuses():
    statuses = set()
    for task_map in _STATE_MAP.values():
        statuses.update(task_map.values())
    return statuses


def get_pagination_params(req):
    params = {}
    if 'limit' in req.GET:
        params['limit'] = int_param(req.GET['limit'], 'limit')
    if 'marker' in req.GET:
        params['marker'] = req.GET['marker']
    return params


def int_param(value, name):
    """A non-negative integer query parameter; 400 otherwise."""
    try:
        value = int(value)
    except ValueError:
        raise exception.ValidationError(
            detail='%s param must be an integer' % name)
    if value < 0:
        raise exception.ValidationError(
            detail='%s param must be positive' % name)
    return value


def limited_params(req):
    """(limit, marker) with limit capped at [api] max_limit."""
    params = get_pagination_params(req)
    limit = params.get('limit', CONF.api.max_limit)
    return min(limit, CONF.api.max_limit), params.get('marker')


def url_prefix(req):
    prefix = CONF.api.compute_link_prefix or req.application_url
    return prefix.rstrip('/')


def _link_bases(req):
    """(project URL, bookmark URL) bases of the links in ``req``'s
    bodies, worked out once per request: a list of 100 servers makes 400
    links (keyed by what a request's routing may still change: its
    script name and project)."""
    environ = req.environ
    project = environ['wsgiorg.routing_args'][1].get('project_id') \
        if 'wsgiorg.routing_args' in environ else None
    key = (environ.get('SCRIPT_NAME'), project)
    cache = environ.setdefault('minova.link_bases', {})
    if key not in cache:
        base = url_prefix(req)
        bookmark = base
        for version in ('/v2.1', '/v2'):
            if bookmark.endswith(version):
                bookmark = bookmark[:-len(version)]
                break
        if project:
            base, bookmark = ('%s/%s' % (base, project),
                              '%s/%s' % (bookmark, project))
        cache[key] = (base, bookmark)
    return cache[key]


def project_url(req, *parts):
    """``<app url>[/<project>]/parts`` as links in Nova's bodies show."""
    return '/'.join([_link_bases(req)[0]] + [str(p) for p in parts])


def bookmark_url(req, *parts):
    """Like project_url but without the version in the path."""
    return '/'.join([_link_bases(req)[1]] + [str(p) for p in parts])


def links(req, collection, item_id):
    return [{'rel': 'self', 'href': project_url(req, collection, item_id)},
            {'rel': 'bookmark',
             'href': bookmark_url(req, collection, item_id)}]


def collection_next_link(req, collection, items, limit, id_key='id'):
    """``<collection>_links`` with a next page when the page was full."""
    if not items or len(items) < limit:
        return []
    # Every value of a repeated filter (status=A&status=B) stays.
    params = [(k, v) for k, v in req.GET.items()
              if k not in ('marker', 'limit')]
    params += [('marker', items[-1][id_key]), ('limit', str(limit))]
    from urllib.parse import urlencode
    return [{'rel': 'next', 'href': '%s?%s' % (
        project_url(req, *collection.split('/')), urlencode(params))}]
