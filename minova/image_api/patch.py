"""JSON-patch for images (``application/openstack-images-v2.1-json-patch``).

Glance's dialect of RFC 6902: ``add``, ``remove`` and ``replace`` on
top-level attributes only (``/name``, ``/kernel_id``, ``/tags``). ``add``
on an existing attribute replaces it; ``replace`` or ``remove`` of a
property that does not exist is a 409; core attributes cannot be removed
(403). The result is validated as a whole afterwards, by the caller.
"""

from minova.image_api import document
from minova.image_api import exception

MEDIA_TYPE = 'application/openstack-images-v2.1-json-patch'

_OPS = ('add', 'remove', 'replace')


def parse_path(path):
    """The attribute a JSON pointer names (``~1`` is ``/``, ``~0`` ``~``)."""
    if not isinstance(path, str) or not path.startswith('/'):
        raise exception.InvalidPatch(
            reason="Pointer `%s` does not start with \"/\"." % path)
    segments = path[1:].split('/')
    if len(segments) != 1 or not segments[0]:
        raise exception.InvalidPatch(
            reason='Invalid JSON pointer for this resource: \'%s\'' % path)
    segment = segments[0]
    if '~' in segment.replace('~0', '').replace('~1', ''):
        raise exception.InvalidPatch(
            reason="Pointer `%s` contains \"~\" not part of a recognized "
                   "escape sequence." % path)
    return segment.replace('~1', '/').replace('~0', '~')


def parse(body):
    """[(op, attribute, value)] from a decoded JSON-patch body."""
    if not isinstance(body, list):
        raise exception.InvalidPatch(
            reason='Request body must be a JSON array of operation '
                   'objects.')
    changes = []
    for change in body:
        if not isinstance(change, dict):
            raise exception.InvalidPatch(
                reason='Operations must be JSON objects.')
        op = change.get('op')
        if op not in _OPS:
            raise exception.InvalidPatch(
                reason='Invalid operation: `%s`. It must be one of: %s.'
                       % (op, ', '.join(_OPS)))
        if 'path' not in change:
            raise exception.InvalidPatch(
                reason="Unable to find '%s' in JSON Schema change" % 'path')
        if op != 'remove' and 'value' not in change:
            raise exception.InvalidPatch(
                reason="Unable to find '%s' in JSON Schema change" % 'value')
        changes.append((op, parse_path(change['path']),
                        change.get('value')))
    return changes


def apply(doc, changes, status):
    """A new writable document with ``changes`` applied to ``doc``."""
    doc = dict(doc)
    for op, name, value in changes:
        document.check_writable([name])
        if name in ('container_format', 'disk_format') and \
                status != 'queued':
            raise exception.Forbidden(
                reason='Attribute %s can be only replaced for a queued '
                       'image.' % name)
        if op == 'add':
            doc[name] = value
        elif op == 'replace':
            if name not in doc:
                raise exception.PropertyConflict(
                    reason='Property %s does not exist.' % name)
            doc[name] = value
        else:
            if name in document.COLUMNS or name == 'tags':
                raise exception.Forbidden(
                    reason='Property %s may not be removed.' % name)
            if name not in doc:
                raise exception.PropertyConflict(
                    reason='Property %s does not exist.' % name)
            del doc[name]
    return doc
