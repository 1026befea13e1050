"""The two pages: what each asks the compute API and how it is laid out.

A page handler gets the compute client, the caller's context, the pages'
base URL and the path's arguments, and returns the page's HTML; an
``client.APIError`` it lets through becomes an error page (``app``).
"""

import collections
from urllib import parse

from minova.api.web import page
from minova.api.web import svg
from minova.timeline import render
from minova.timeline import request

ADMIN_RULE = 'minova:web:admin'
# Servers whose actions the overview reads for "last actions".
ACTION_SERVERS = 20
LAST_ACTIONS = 15


def _q(value):
    return parse.quote(value, safe='')


def server_actions(client, context, server_id):
    return client.get(context, '/servers/%s/os-instance-actions'
                      % _q(server_id))['instanceActions']


def server_timeline(client, context, server_id, request_id=None):
    """(server, its actions, the chosen action's ``render.document``):
    the last action unless ``request_id`` names another, as
    ``minova server-timeline`` picks it."""
    server = client.get(context, '/servers/%s' % _q(server_id))['server']
    actions = server_actions(client, context, server['id'])
    if not actions:
        return server, actions, None
    action = client.get(context, '/servers/%s/os-instance-actions/%s' % (
        _q(server['id']), _q(request_id or actions[0]['request_id'])))[
        'instanceAction']
    return server, actions, dict(
        request.document(lambda path: client.found(context, path), server,
                         action),
        has_events='events' in action)


def _summary(server):
    rows = [('name', server.get('name')), ('id', server['id']),
            ('status', server.get('status')),
            ('host', server.get('OS-EXT-SRV-ATTR:host'))]
    return page.table(('', ''), [r for r in rows if r[1] is not None])


def _action_list(base, server_id, actions, chosen):
    rows = []
    for act in actions:
        name = act['action'] + (' (shown)' if act['request_id'] == chosen
                                else '')
        rows.append((page.Markup(page.link(
            page.server_href(base, server_id, act['request_id']), name)),
            act['request_id'], act['start_time'], act['user_id'],
            act['message'] or ''))
    return page.table(('action', 'request', 'started', 'user', 'message'),
                      rows, 'actions')


def _timeline(doc):
    if doc is None:
        return '<p>This server has no actions.</p>'
    origin, total = render.extent(doc['spans'])
    head = '<h2>%s %s: %d steps in %.3fs</h2>' % (
        page.esc(doc['action']), page.esc(doc['request_id']),
        len(doc['spans']), total)
    if not doc['has_events']:
        return head + ('<p>The steps of an action are its events, which '
                       'policy os_compute_api:os-instance-actions:events '
                       'shows to admins only.</p>')
    drawn = svg.timeline(doc['spans'])
    if not drawn:
        return head + '<p>No steps recorded.</p>'
    details = [(render.label(r), render.details_text(r['details']))
               for r in doc['spans'] if render.details_text(r['details'])]
    if not details:
        return head + drawn
    return '\n'.join([head, drawn, '<h2>Details</h2>',
                      page.table(('step', 'details'), details, 'details')])


def server_page(client, context, base, server_id, request_id=None):
    server, actions, doc = server_timeline(client, context, server_id,
                                           request_id)
    body = [_summary(server), _timeline(doc), '<h2>Actions</h2>',
            _action_list(base, server['id'], actions,
                         doc and doc['request_id'])]
    return page.document('server %s' % (server.get('name') or server['id']),
                         base, '\n'.join(body))


def _services(services):
    return page.table(('binary', 'host', 'zone', 'status', 'state',
                       'updated'),
                      [(s['binary'], s['host'], s['zone'], s['status'],
                        page.state(s['state']), s['updated_at'])
                       for s in services], 'services')


def _used(node, used, total, unit=''):
    return '%s / %s%s' % (node[used], node[total], unit)


def _hosts(hypervisors):
    return page.table(('host', 'state', 'vcpus', 'ram', 'disk', 'servers'),
                      [(h['service']['host'], page.state(h['state']),
                        _used(h, 'vcpus_used', 'vcpus'),
                        _used(h, 'memory_mb_used', 'memory_mb', ' MB'),
                        _used(h, 'local_gb_used', 'local_gb', ' GB'),
                        h['running_vms']) for h in hypervisors], 'hosts')


def _per_host(servers):
    counts = collections.Counter(
        (s.get('OS-EXT-SRV-ATTR:host') or '-', s['status'])
        for s in servers)
    return page.table(('host', 'state', 'servers'),
                      [(host, status, n) for (host, status), n
                       in sorted(counts.items())], 'per-host')


def _servers(base, servers):
    return page.table(('server', 'status', 'host', 'project'),
                      [(page.Markup(page.link(
                          page.server_href(base, s['id']),
                          s['name'] or s['id'])), s['status'],
                        s.get('OS-EXT-SRV-ATTR:host') or '-',
                        s['tenant_id']) for s in servers], 'servers')


def _last_actions(client, context, base, servers):
    names = {s['id']: s['name'] or s['id'] for s in servers}
    actions = [a for s in servers[:ACTION_SERVERS]
               for a in server_actions(client, context, s['id'])]
    actions.sort(key=lambda a: a['start_time'] or '', reverse=True)
    return page.table(('started', 'action', 'server', 'user', 'message'),
                      [(a['start_time'], page.Markup(page.link(
                          page.server_href(base, a['instance_uuid'],
                                           a['request_id']), a['action'])),
                        names.get(a['instance_uuid']), a['user_id'],
                        a['message'] or '')
                       for a in actions[:LAST_ACTIONS]], 'last-actions')


def overview_page(client, context, base):
    admin = context.can(ADMIN_RULE, fatal=False)
    body = []
    if admin:
        body += ['<h2>Services</h2>', _services(
                     client.get(context, '/os-services')['services']),
                 '<h2>Hosts</h2>', _hosts(client.get(
                     context, '/os-hypervisors/detail')['hypervisors'])]
    servers = client.get(context, '/servers/detail' + (
        '?all_tenants=1' if admin else ''))['servers']
    body += ['<h2>Servers per host and state</h2>', _per_host(servers),
             '<h2>Servers</h2>', _servers(base, servers),
             '<h2>Last actions</h2>',
             _last_actions(client, context, base, servers)]
    return page.document('minova overview', base, '\n'.join(body))
