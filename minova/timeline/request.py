"""The timeline of one request across the instances it made.

A multi-create (``max_count`` > 1) is one request: each instance has its
own ``create`` action with the same request id. The API's steps are on
every one of them; each instance's scheduling, cast and build steps are
on its own. A server's create timeline shows them all: the shared steps
once, then the steps of each instance, labelled with its name, in launch
order. ``get(path)`` is the caller's compute API client: the body of
``GET /v2.1<path>``, or None where the API says 404.
"""

from urllib import parse

from minova.timeline import render


def _siblings(get, server):
    """The other servers of ``server``'s reservation."""
    reservation = server.get('OS-EXT-SRV-ATTR:reservation_id')
    if not reservation:
        return []
    query = '/servers/detail?reservation_id=%s' % parse.quote(reservation,
                                                              safe='')
    listed = (get(query) or {}).get('servers', [])
    if server['id'] not in {s['id'] for s in listed} and \
            server.get('tenant_id'):
        # An admin's look at another project's servers.
        listed = get('%s&all_tenants=1&tenant_id=%s' % (
            query, parse.quote(server['tenant_id'], safe='')))
        listed = (listed or {}).get('servers', [])
    return [s for s in listed if s['id'] != server['id']]


def document(get, server, action):
    """``render.document`` of ``server``'s ``action``; for a create
    that made several instances, their steps of the same request too."""
    doc = render.document(server['id'], action)
    if action['action'] != 'create' or 'events' not in action:
        return doc
    others = []
    for other in _siblings(get, server):
        body = get('/servers/%s/os-instance-actions/%s' % (
            parse.quote(other['id'], safe=''),
            parse.quote(action['request_id'], safe='')))
        if body and 'events' in body['instanceAction']:
            others.append((other, body['instanceAction']))
    if not others:
        return doc
    labelled = [(_label(s), a.get('events', []))
                for s, a in sorted([(server, action)] + others,
                                   key=lambda pair: _launch_index(pair[0]))]
    return dict(doc, spans=render.merged(labelled),
                instances=[label for label, _events in labelled])


def _launch_index(server):
    return server.get('OS-EXT-SRV-ATTR:launch_index') or 0


def _label(server):
    return server.get('name') or server['id']
