"""Queries over the image tables; the handlers' only way to the database.

Status changes are compare-and-swap UPDATEs (``WHERE status = ...``) so
two requests racing on one image (an upload and a delete) cannot both win.
"""

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db.session import session_scope
from minova.image_api import exception
from minova.image_api.models import Image, ImageProperty, ImageTag

# Sort keys Glance accepts. Nullable columns sort through a non-null
# stand-in so that marker pagination is the same on every backend.
SORT_KEYS = {
    'name': (sa.func.coalesce(Image.name, ''), lambda i: i.name or ''),
    'status': (Image.status, lambda i: i.status),
    'container_format': (sa.func.coalesce(Image.container_format, ''),
                         lambda i: i.container_format or ''),
    'disk_format': (sa.func.coalesce(Image.disk_format, ''),
                    lambda i: i.disk_format or ''),
    'size': (sa.func.coalesce(Image.size, -1),
             lambda i: -1 if i.size is None else i.size),
    'id': (Image.id, lambda i: i.id),
    'created_at': (Image.created_at, lambda i: i.created_at),
    'updated_at': (Image.updated_at, lambda i: i.updated_at),
}


def image_create(values, properties, tags):
    now = timeutils.utcnow()
    image = Image(created_at=now, updated_at=now, deleted=False, **values)
    image.properties = [ImageProperty(name=k, value=v)
                        for k, v in properties.items()]
    image.tags = [ImageTag(value=t) for t in tags]
    try:
        with session_scope() as session:
            session.add(image)
    except db_exc.DBDuplicateEntry:
        # The id is taken, perhaps by a deleted image: ids are never reused.
        raise exception.ImageExists(image_id=values['id'])
    return image


def image_get(image_id, include_deleted=False):
    query = sa.select(Image).where(Image.id == image_id)
    if not include_deleted:
        query = query.where(Image.deleted == sa.false())
    with session_scope() as session:
        image = session.scalars(query).first()
    if image is None:
        raise exception.ImageNotFound(image_id=image_id)
    return image


def image_update(image_id, values, properties=None, tags=None,
                 from_status=None):
    """Set ``values`` (columns) and, when given, replace all properties
    and tags. With ``from_status`` the change happens only if the image
    is in that status; otherwise InvalidStatusTransition."""
    values = dict(values, updated_at=timeutils.utcnow())
    stmt = sa.update(Image).where(Image.id == image_id,
                                  Image.deleted == sa.false())
    if from_status is not None:
        stmt = stmt.where(Image.status == from_status)
    with session_scope() as session:
        if session.execute(stmt.values(**values)).rowcount != 1:
            current = session.scalars(sa.select(Image).where(
                Image.id == image_id)).first()
            if current is None or current.deleted:
                raise exception.ImageNotFound(image_id=image_id)
            raise exception.InvalidStatusTransition(
                current=current.status, new=values.get('status'))
        if properties is not None:
            _replace_children(session, ImageProperty, image_id, 'name',
                              properties)
        if tags is not None:
            _replace_children(session, ImageTag, image_id, 'value',
                              dict.fromkeys(tags))
    return image_get(image_id)


def _replace_children(session, model, image_id, key, wanted):
    """Make the image's rows of ``model`` match ``wanted`` (key -> value),
    touching only the rows that change."""
    rows = {getattr(row, key): row for row in session.scalars(
        sa.select(model).where(model.image_id == image_id))}
    for name, row in rows.items():
        if name not in wanted:
            session.delete(row)
    session.flush()
    for name, value in wanted.items():
        row = rows.get(name)
        if row is None:
            row = model(image_id=image_id, **{key: name})
            session.add(row)
        if model is ImageProperty and row.value != value:
            row.value = value


def image_destroy(image_id):
    """Soft delete: the row stays (status deleted) so the id is not reused;
    properties and tags go."""
    now = timeutils.utcnow()
    with session_scope() as session:
        result = session.execute(sa.update(Image).where(
            Image.id == image_id, Image.deleted == sa.false()).values(
                deleted=True, deleted_at=now, updated_at=now,
                status='deleted'))
        if result.rowcount != 1:
            raise exception.ImageNotFound(image_id=image_id)
        session.execute(sa.delete(ImageProperty).where(
            ImageProperty.image_id == image_id))
        session.execute(sa.delete(ImageTag).where(
            ImageTag.image_id == image_id))


def _visible_to(query, ctx, visibility):
    """Glance's list rules: by default your own images and public ones
    (admins: everything); community images only when asked for."""
    mine = Image.owner == ctx.project_id
    if visibility is None:
        if ctx.is_admin:
            return query
        return query.where(sa.or_(Image.visibility == 'public', mine))
    if visibility == 'all':
        if ctx.is_admin:
            return query
        return query.where(sa.or_(
            Image.visibility.in_(('public', 'community')), mine))
    query = query.where(Image.visibility == visibility)
    if visibility in ('public', 'community') or ctx.is_admin:
        return query
    return query.where(mine)


def image_list(ctx, filters, properties, limit, marker, sort_keys,
               sort_dirs):
    """One page of the images ``ctx`` may see, matching ``filters``
    (columns: see ``_condition``; ``tag`` a list of tags;
    ``size_min``/``size_max``) and ``properties`` (free-form property
    name -> value), after the image ``marker`` (a row, or None)."""
    filters = dict(filters)
    query = sa.select(Image).where(Image.deleted == sa.false())
    query = _visible_to(query, ctx, filters.pop('visibility', None))
    if 'os_hidden' not in filters:
        query = query.where(Image.os_hidden == sa.false())
    for tag in filters.pop('tag', []):
        query = query.where(Image.tags.any(ImageTag.value == tag))
    if 'size_min' in filters:
        query = query.where(Image.size >= filters.pop('size_min'))
    if 'size_max' in filters:
        query = query.where(Image.size <= filters.pop('size_max'))
    for column, value in filters.items():
        query = query.where(_condition(getattr(Image, column), value))
    for name, value in properties.items():
        query = query.where(Image.properties.any(sa.and_(
            ImageProperty.name == name, ImageProperty.value == value)))
    sort_keys, sort_dirs = list(sort_keys), list(sort_dirs)
    if 'id' not in sort_keys:
        # A unique last key makes the order total, so markers work.
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[-1])
    if marker is not None:
        query = query.where(_after(marker, sort_keys, sort_dirs))
    for key, direction in zip(sort_keys, sort_dirs):
        expr = SORT_KEYS[key][0]
        query = query.order_by(expr.desc() if direction == 'desc'
                               else expr.asc())
    with session_scope() as session:
        return list(session.scalars(query.limit(limit)))


def _condition(column, value):
    """A list of values (Glance's ``in:``), a (comparison, time) pair
    (``gte:<time>``...) or one value to equal."""
    if isinstance(value, list):
        return column.in_(value)
    if isinstance(value, tuple):
        comparison, when = value
        return comparison(column, when)
    return column == value


def _after(marker, sort_keys, sort_dirs):
    """Rows strictly after ``marker`` in the (total) sort order."""
    criteria = []
    for i, key in enumerate(sort_keys):
        equal = [SORT_KEYS[k][0] == SORT_KEYS[k][1](marker)
                 for k in sort_keys[:i]]
        expr, value = SORT_KEYS[key][0], SORT_KEYS[key][1](marker)
        after = expr < value if sort_dirs[i] == 'desc' else expr > value
        criteria.append(sa.and_(*equal, after))
    return sa.or_(*criteria)
