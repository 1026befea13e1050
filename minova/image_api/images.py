"""Handlers of /v2/images: records, JSON-patch updates and image data.

An image goes queued (record only) -> saving (upload running) -> active
(every byte stored and hashed). A failed upload leaves it killed with no
file; it can then only be deleted, as in Glance. A running upload keeps
touching its image (``UploadHeartbeat``), so a saving image left alone
for long lost its upload (a killed image API).
"""

import time

from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
import webob

from minova import exception as minova_exception

from minova.image_api import db
from minova.image_api import document
from minova.image_api import exception
from minova.image_api import filters as filter_ops
from minova.image_api import patch
from minova.image_api import policy
from minova.image_api import schemas
from minova.image_api import util
from minova.image_api import views

LOG = logging.getLogger(__name__)

_COLUMN_FILTERS = ('owner', 'checksum', 'os_hash_value')
_BOOLEAN_FILTERS = ('protected', 'os_hidden')
_INTEGER_FILTERS = ('size_min', 'size_max')
# Other columns Glance compares for equality (Nova's minRam, minDisk).
_INTEGER_COLUMNS = ('min_ram', 'min_disk')
# Glance parameters we accept and do not filter on (members).
_IGNORED_PARAMS = ('member_status',)
_INT_MAX = 2 ** 63 - 1   # a BIGINT column
_PAGING_PARAMS = ('limit', 'marker', 'sort', 'sort_key', 'sort_dir')
# Seconds between two touches of a saving image's updated_at.
UPLOAD_HEARTBEAT = 30


def _get(req, image_id):
    """The image if the caller may see it, else 404."""
    if not uuidutils.is_uuid_like(image_id):
        raise exception.ImageNotFound(image_id=image_id)
    image = db.image_get(image_id)
    policy.check_visible(util.context(req), image)
    return image


def _get_for_modify(req, image_id, action='modify_image'):
    image = _get(req, image_id)
    policy.check_modify(util.context(req), image, action)
    return image


def show_image(req, image_id):
    return util.json_response(views.image(_get(req, image_id)))


def create_image(req):
    ctx = util.context(req)
    body = util.read_json(req, 'application/json')
    if not isinstance(body, dict):
        raise exception.BadRequest(reason='The request body must be a JSON '
                                          'object.')
    document.check_writable(body, allow_id=True)
    policy.check_values(ctx, dict(body, owner=body.get('owner',
                                                       ctx.project_id)))
    doc = {'visibility': 'shared', 'protected': False, 'os_hidden': False,
           'min_ram': 0, 'min_disk': 0, 'tags': [], 'name': None,
           'owner': ctx.project_id}
    doc.update(body)
    doc.setdefault('id', uuidutils.generate_uuid())
    document.check(doc, util.conf(req).image_api)
    columns, properties, tags = document.split(doc)
    columns['status'] = 'queued'
    image = db.image_create(columns, properties, tags)
    LOG.info('Created image %s (%s)', image.id, image.name)
    return util.json_response(
        views.image(image), status=201,
        headers={'Location': '%s/v2/images/%s' % (req.application_url,
                                                  image.id)})


def update_image(req, image_id):
    ctx = util.context(req)
    changes = patch.parse(util.read_json(req, patch.MEDIA_TYPE))
    image = _get_for_modify(req, image_id)
    old = document.writable(views.image(image))
    new = patch.apply(old, changes, image.status)
    policy.check_values(ctx, {k: new[k] for k in ('visibility', 'owner')
                              if new.get(k) != old.get(k)})
    document.check(new, util.conf(req).image_api)
    columns, properties, tags = document.split(new)
    old_columns = document.split(old)[0]
    changed = {k: v for k, v in columns.items() if old_columns.get(k) != v}
    image = db.image_update(image_id, changed, properties=properties,
                            tags=tags)
    return util.json_response(views.image(image))


def delete_image(req, image_id):
    image = _get_for_modify(req, image_id, 'delete_image')
    if image.protected:
        raise exception.ImageProtected(image_id=image_id)
    db.image_destroy(image_id)
    # An upload still running notices the deleted row and removes its file.
    util.store(req).delete(image_id)
    LOG.info('Deleted image %s', image_id)
    return util.no_content()


def upload_image(req, image_id):
    util.require_content_type(req, 'application/octet-stream')
    image = _get_for_modify(req, image_id, 'upload_image')
    limits = util.conf(req).image_api
    expected = req.content_length
    if expected is not None and expected > limits.max_image_size:
        raise exception.ImageTooLarge(image_id=image_id,
                                      limit=limits.max_image_size)
    db.image_update(image_id, {'status': 'saving'}, from_status='queued')
    LOG.info('Upload of image %s started (%s bytes)', image_id,
             'chunked' if expected is None else expected)
    watch = timeutils.StopWatch().start()
    store = util.store(req)
    try:
        result = store.add(image_id, req.environ['wsgi.input'], expected,
                           limits.max_image_size,
                           progress=UploadHeartbeat(image_id))
    except Exception as error:
        if not _kill(image_id, error):
            raise exception.ImageGoneDuringUpload(image_id=image_id)
        if isinstance(error, minova_exception.MinovaException):
            raise
        raise exception.UploadFailed(image_id=image_id,
                                     reason=type(error).__name__)
    values = {'status': 'active', 'size': result.size,
              'checksum': result.checksum,
              'os_hash_algo': 'sha512',
              'os_hash_value': result.os_hash_value,
              'virtual_size': store.virtual_size(image_id, image.disk_format,
                                                 result.size)}
    try:
        db.image_update(image_id, values, from_status='saving')
    except (exception.ImageNotFound, exception.InvalidStatusTransition):
        store.delete(image_id)
        raise exception.ImageGoneDuringUpload(image_id=image_id)
    elapsed = watch.elapsed()
    LOG.info('Upload of image %s finished: %d bytes in %.2f s (%.1f MiB/s)',
             image_id, result.size, elapsed,
             result.size / 1048576.0 / max(elapsed, 1e-6))
    return util.no_content()


class UploadHeartbeat:
    """Touches a saving image's ``updated_at`` at most every
    ``UPLOAD_HEARTBEAT`` seconds while its bytes arrive, so that a saving
    image not updated for longer is one whose upload died with its
    process (``minova-manage audit`` reports those). An image deleted
    meanwhile ends the upload at once."""

    def __init__(self, image_id, clock=time.monotonic):
        self.image_id = image_id
        self.clock = clock
        self.last = clock()

    def __call__(self):
        now = self.clock()
        if now - self.last >= UPLOAD_HEARTBEAT:
            self.last = now
            db.image_update(self.image_id, {}, from_status='saving')


def _kill(image_id, error):
    """Mark a failed upload's image killed; False if it was deleted
    meanwhile (the delete took the file away under the upload)."""
    LOG.warning('Upload of image %s failed: %s', image_id, error)
    try:
        db.image_update(image_id, {'status': 'killed'}, from_status='saving')
    except (exception.ImageNotFound, exception.InvalidStatusTransition):
        return False
    return True


def download_image(req, image_id):
    image = _get(req, image_id)
    policy.check_visible(util.context(req), image, 'download_image')
    if image.status == 'deactivated' and not util.context(req).is_admin:
        raise exception.Forbidden(reason='The requested image has been '
                                         'deactivated. Image data download '
                                         'is forbidden.')
    if image.status != 'active':
        # Glance: an image without data answers 204.
        return util.no_content()
    # Streamed: the server pulls one chunk at a time from the file.
    response = webob.Response(app_iter=util.store(req).open(image_id),
                              content_type='application/octet-stream',
                              content_length=image.size)
    response.headers['Content-MD5'] = image.checksum
    return response


def list_images(req):
    ctx = util.context(req)
    if not ctx.can('get_images', fatal=False):
        raise exception.Forbidden(reason='You are not permitted to list '
                                         'images.')
    limits = util.conf(req).image_api
    params = req.GET
    limit = _int_param(params, 'limit', limits.limit_param_default)
    limit = min(limit, limits.api_limit_max)
    sort_keys, sort_dirs = _sort_params(params)
    filters, properties = _filters(params)
    marker = None
    if 'marker' in params:
        try:
            marker = _get(req, params['marker'])
        except exception.ImageNotFound:
            raise exception.BadRequest(reason='Marker %s could not be found.'
                                              % params['marker'])
    images = db.image_list(ctx, filters, properties, limit, marker,
                           sort_keys, sort_dirs)
    next_marker = images[-1].id if images and len(images) == limit else None
    return util.json_response(views.image_list(images, params.items(),
                                               next_marker))


def _int_param(params, name, default):
    if name not in params:
        return default
    try:
        value = int(params[name])
    except ValueError:
        raise exception.BadRequest(reason='%s param must be an integer'
                                          % name)
    if value < 0:
        raise exception.BadRequest(reason='%s param must be positive' % name)
    if value > _INT_MAX:
        # Larger than any column holds (an OverflowError in the driver).
        raise exception.BadRequest(reason='%s param must be at most %d'
                                          % (name, _INT_MAX))
    return value


def _bool_param(params, name):
    value = params[name].lower()
    if value not in ('true', 'false'):
        raise exception.BadRequest(reason='Invalid value for %s: %s '
                                          '(expected true or false)'
                                          % (name, params[name]))
    return value == 'true'


def _visibility_param(params, name):
    if params[name] not in schemas.VISIBILITIES + ['all']:
        raise exception.BadRequest(reason='Invalid visibility value: %s'
                                          % params[name])
    return params[name]


def _integer_filter(params, name):
    return _int_param(params, name, None)


def _operator_filter(params, name):
    return filter_ops.parse(params[name])


def _time_filter(params, name):
    return filter_ops.parse_time(name, params[name])


# List parameter -> how its value becomes a filter; any other parameter
# filters on a free-form property.
_COLUMN_PARSERS = {
    'visibility': _visibility_param,
    **{name: _bool_param for name in _BOOLEAN_FILTERS},
    **{name: _integer_filter for name in _INTEGER_FILTERS + _INTEGER_COLUMNS},
    **{name: _operator_filter for name in filter_ops.OPERATOR_COLUMNS},
    **{name: _time_filter for name in filter_ops.TIME_COLUMNS},
    **{name: (lambda params, name: params[name]) for name in _COLUMN_FILTERS},
}


def _filters(params):
    filters, properties = {}, {}
    for name, value in params.items():
        if name in _PAGING_PARAMS or name in _IGNORED_PARAMS:
            continue
        if name == 'tag':
            filters.setdefault('tag', []).append(value)
        elif name in _COLUMN_PARSERS:
            filters[name] = _COLUMN_PARSERS[name](params, name)
        else:
            properties[name] = value
    return filters, properties


def _sort_params(params):
    """Glance's two syntaxes: ``sort=k1:asc,k2`` or ``sort_key``/``sort_dir``
    (each repeatable). Default: newest first."""
    if 'sort' in params:
        if 'sort_key' in params or 'sort_dir' in params:
            raise exception.BadRequest(
                reason='The sort param cannot be combined with sort_key or '
                       'sort_dir.')
        keys, dirs = [], []
        for item in params['sort'].split(','):
            key, _sep, direction = item.strip().partition(':')
            keys.append(key)
            dirs.append(direction or 'desc')
    else:
        keys = params.getall('sort_key') or ['created_at']
        dirs = params.getall('sort_dir') or ['desc']
        if len(dirs) == 1:
            dirs = dirs * len(keys)
        if len(dirs) != len(keys):
            raise exception.BadRequest(
                reason='Number of sort dirs does not match the number of '
                       'sort keys')
    for key in keys:
        if key not in db.SORT_KEYS:
            raise exception.BadRequest(reason='Invalid sort key: %s. It '
                                              'must be one of: %s.' % (
                                                  key, ', '.join(
                                                      sorted(db.SORT_KEYS))))
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.BadRequest(reason='Invalid sort direction: %s'
                                              % direction)
    return keys, dirs
