"""Query functions over the models. Objects are their only callers.

Each function runs in its own transaction unless it is given a session.
Rows go back to objects as model instances, detached from the session
(the instance list's as plain records, see _plain_rows).
"""

import types

from oslo_db import exception as db_exc
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy import or_

from minova.db import floating_ips
from minova.db import models
from minova.db import security_groups
from minova.db.session import retry_on_deadlock
from minova.db.session import session_scope
from minova import exception


def _soft_delete_values(row_id):
    return {'deleted': row_id, 'deleted_at': timeutils.utcnow()}


def _not_deleted(query, model, read_deleted='no'):
    if read_deleted == 'no':
        return query.where(model.deleted == 0)
    if read_deleted == 'only':
        return query.where(model.deleted != 0)
    return query


# instances ----------------------------------------------------------------

@retry_on_deadlock
def instance_create(values):
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = models.Instance(**values)
    with session_scope() as session:
        session.add(row)
    return row


@retry_on_deadlock
def instance_get_by_uuid(uuid, read_deleted='no'):
    query = sa.select(models.Instance).where(models.Instance.uuid == uuid)
    query = _not_deleted(query, models.Instance, read_deleted)
    with session_scope() as session:
        row = session.scalars(query).first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    return row


@retry_on_deadlock
def instance_update(uuid, values, expected=None, fault=None):
    """Update one instance; ``expected`` maps column -> allowed values.

    The check and the write are one UPDATE statement, so two services
    racing on one instance (a delete during a build) cannot both win.
    ``fault`` (an instance fault's column values) is inserted in the same
    transaction: nobody sees the new state without its fault, and a
    refused update (the instance deleted meanwhile) writes no fault.
    """
    values = dict(values)
    table = models.Instance
    stmt = sa.update(table).where(table.uuid == uuid, table.deleted == 0)
    for column, allowed in (expected or {}).items():
        stmt = stmt.where(_one_of(getattr(table, column), list(allowed)))
    with session_scope() as session:
        values['updated_at'] = _stored_now(session)
        result = session.execute(stmt.values(**values))
        if result.rowcount != 1:
            row = session.scalars(sa.select(table).where(
                table.uuid == uuid)).first()
            if row is None or row.deleted:
                raise exception.InstanceNotFound(instance_id=uuid)
            for column, allowed in (expected or {}).items():
                actual = getattr(row, column)
                if actual not in allowed:
                    if column == 'task_state' and actual == 'deleting':
                        raise exception.UnexpectedDeletingTaskState(
                            expected=list(allowed), actual=actual)
                    if column == 'task_state':
                        raise exception.UnexpectedTaskState(
                            expected=list(allowed), actual=actual)
                    if column == 'vm_state':
                        raise exception.UnexpectedVMStateError(
                            expected=list(allowed), actual=actual)
                    raise exception.Conflict(
                        reason='%s is %s, expected %s' % (
                            column, actual, list(allowed)))
        if fault is not None:
            session.add(models.InstanceFault(**dict(fault,
                                                    instance_uuid=uuid)))
    # The caller has every other value: no second read of the row.
    return types.SimpleNamespace(uuid=uuid, **values)


def _stored_now(session):
    """Now, as the database will store it: MariaDB's DATETIME keeps no
    fraction of a second (it truncates)."""
    now = timeutils.utcnow()
    if session.get_bind().dialect.name == 'mysql':
        now = now.replace(microsecond=0)
    return now


@retry_on_deadlock
def instance_destroy(uuid, hard=False, cleaned=False):
    """Soft delete (hard: remove every row of it). ``cleaned``: its guest
    is known gone (always so for an instance without a host)."""
    with session_scope() as session:
        row = session.scalars(sa.select(models.Instance).where(
            models.Instance.uuid == uuid,
            models.Instance.deleted == 0)).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=uuid)
        if hard:
            session.execute(sa.delete(models.BlockDeviceMapping).where(
                models.BlockDeviceMapping.instance_uuid == uuid))
            session.execute(sa.delete(models.InstanceGroupMember).where(
                models.InstanceGroupMember.instance_uuid == uuid))
            actions = sa.select(models.InstanceAction.id).where(
                models.InstanceAction.instance_uuid == uuid)
            session.execute(sa.delete(models.InstanceActionEvent).where(
                models.InstanceActionEvent.action_id.in_(actions)))
            session.execute(sa.delete(models.InstanceAction).where(
                models.InstanceAction.instance_uuid == uuid))
            security_groups.remove_all_of_instance(uuid, session)
            session.delete(row)
            return row
        now = timeutils.utcnow()
        row.deleted = row.id
        row.deleted_at = now
        row.updated_at = now
        row.vm_state = 'deleted'
        row.task_state = None
        row.terminated_at = now
        row.cleaned = int(bool(cleaned or row.host is None))
        session.execute(sa.update(models.BlockDeviceMapping).where(
            models.BlockDeviceMapping.instance_uuid == uuid,
            models.BlockDeviceMapping.deleted == 0).values(
                deleted=models.BlockDeviceMapping.id, deleted_at=now))
        session.execute(sa.delete(models.InstanceGroupMember).where(
            models.InstanceGroupMember.instance_uuid == uuid))
        security_groups.remove_all_of_instance(uuid, session)
    return row


@retry_on_deadlock
def instance_mark_cleaned(uuid):
    """The deleted instance's guest is gone from its host."""
    table = models.Instance
    with session_scope() as session:
        session.execute(sa.update(table).where(
            table.uuid == uuid, table.deleted != 0).values(cleaned=1))


_SORTABLE = {'created_at', 'updated_at', 'display_name', 'uuid', 'id',
             'vm_state', 'task_state', 'host', 'node', 'launched_at',
             'terminated_at', 'project_id', 'user_id', 'availability_zone',
             'hostname', 'key_name', 'power_state', 'memory_mb', 'vcpus',
             'root_gb', 'ephemeral_gb', 'instance_type_id', 'image_ref',
             'locked', 'locked_by', 'launch_index', 'kernel_id',
             'ramdisk_id', 'progress', 'config_drive'}


@retry_on_deadlock
def instance_get_all_by_filters(filters, sort_keys=None, sort_dirs=None,
                                limit=None, marker=None):
    """Instances matching ``filters``, sorted, paginated after ``marker``.

    filters: project_id, user_id, host, node, uuid (list), vm_state (list),
    task_state (list), display_name (a regular expression), reservation_id,
    changes-since (datetime; includes deleted rows), updated_before
    (datetime: last changed before it, a row never updated at its
    creation), busy (True: in a task state or building), cleaned (bool),
    deleted (bool), tags / tags-any / not-tags / not-tags-any (lists).
    """
    table = models.Instance
    sort_keys, sort_dirs = _instance_sort_order(sort_keys, sort_dirs)
    filters = dict(filters or {})
    query = _filter_instances_by_time(sa.select(table), table, filters)
    query = _filter_instances_by_value(query, table, filters)
    with session_scope() as session:
        if marker is not None:
            marker_row = session.scalars(sa.select(table).where(
                table.uuid == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
            query = query.where(_paginate_after(table, marker_row,
                                                sort_keys, sort_dirs))
        for key, direction in zip(sort_keys, sort_dirs):
            col = getattr(table, key)
            query = query.order_by(col.desc() if direction == 'desc'
                                   else col.asc())
        if limit is not None:
            query = query.limit(limit)
        return _plain_rows(session, query, table)


def _plain_rows(session, query, model):
    """The rows of ``query`` (a select of ``model``) as plain records
    with the model's attribute names: no ORM instance, state or
    instrumented attribute per row, a sixth of the cost of a server list
    page (issue 15). For reads only."""
    columns = _LABELLED.get(model)
    if columns is None:
        columns = _LABELLED[model] = [
            attr.expression.label(attr.key)
            for attr in sa.inspect(model).column_attrs]
    return [types.SimpleNamespace(**row._asdict())
            for row in session.execute(query.with_only_columns(*columns))]


_LABELLED = {}      # model: its columns labelled with attribute names


def _instance_sort_order(sort_keys, sort_dirs):
    """Checked sort keys and directions, ending in ``id`` so the order
    (and with it pagination) is total."""
    sort_keys = list(sort_keys or ['created_at'])
    sort_dirs = list(sort_dirs or ['desc'] * len(sort_keys))
    for key in sort_keys:
        if key not in _SORTABLE:
            raise exception.InvalidSortKey(key=key)
    if 'id' not in sort_keys:
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[0] if sort_dirs else 'desc')
    return sort_keys, sort_dirs


def _filter_instances_by_time(query, table, filters):
    """updated_before, changes-since and deleted (which changes-since
    overrides: it lists deleted rows too, as Nova does)."""
    updated_before = filters.get('updated_before')
    if updated_before is not None:
        # A row never updated since its creation changed when it was made
        # (a lost build message leaves updated_at NULL).
        query = query.where(func.coalesce(table.updated_at,
                                          table.created_at) < updated_before)
    changes_since = filters.get('changes-since')
    deleted = filters.get('deleted')
    if changes_since is not None:
        # A row never updated since its creation changed when it was made.
        return query.where(func.coalesce(table.updated_at,
                                         table.created_at) >= changes_since)
    if deleted is True:
        return query.where(table.deleted != 0)
    if deleted in (None, False):
        return query.where(table.deleted == 0)
    return query


def _filter_instances_by_value(query, table, filters):
    for key in ('project_id', 'user_id', 'host', 'node', 'reservation_id',
                'availability_zone', 'image_ref', 'key_name'):
        if filters.get(key) is not None:
            query = query.where(getattr(table, key) == filters[key])
    for key in ('uuid', 'vm_state', 'task_state'):
        if filters.get(key) is not None:
            query = query.where(_one_of(getattr(table, key), filters[key]))
    if filters.get('busy'):
        query = query.where(or_(table.task_state.isnot(None),
                                table.vm_state == 'building'))
    if filters.get('cleaned') is not None:
        query = query.where(table.cleaned == int(bool(filters['cleaned'])))
    if filters.get('display_name'):
        # A regular expression, as in Nova (REGEXP / ~ / Python's re on
        # SQLite through SQLAlchemy's registered function).
        query = query.where(table.display_name.regexp_match(
            filters['display_name']))
    if filters.get('flavor_id') is not None:
        query = query.where(table.instance_type_id == filters['flavor_id'])
    return _filter_instances_by_tags(query, table, filters)


def _has_tag(table, tag):
    """The instance's tags (a JSON list) hold ``tag``: its JSON string
    right after ``[`` or ``, `` is a whole element, since a quote inside
    an element is always escaped. As LIKE, case-insensitive on SQLite
    and MySQL's default collation (as Nova's tags are on MySQL)."""
    tags = func.coalesce(table.tags, '[]')
    encoded = jsonutils.dumps(tag)
    return or_(tags.contains('[' + encoded, autoescape=True),
               tags.contains(', ' + encoded, autoescape=True))


def _filter_instances_by_tags(query, table, filters):
    """tags (all of them), tags-any, not-tags (not all), not-tags-any."""
    def has(key):
        return [_has_tag(table, tag) for tag in filters.get(key) or ()]
    if filters.get('tags'):
        query = query.where(sa.and_(*has('tags')))
    if filters.get('tags-any'):
        query = query.where(or_(*has('tags-any')))
    if filters.get('not-tags'):
        query = query.where(sa.not_(sa.and_(*has('not-tags'))))
    if filters.get('not-tags-any'):
        query = query.where(sa.not_(or_(*has('not-tags-any'))))
    return query


def _one_of(col, values):
    """``col`` is one of ``values`` (a value or a list; None matches
    NULL); nothing matches an empty list."""
    if not isinstance(values, (list, tuple, set)):
        values = [values]
    non_null = [v for v in values if v is not None]
    conds = [col.is_(None)] if None in values else []
    if non_null:
        conds.append(col.in_(non_null))
    return or_(*conds) if conds else sa.false()


def _paginate_after(table, marker_row, sort_keys, sort_dirs):
    """The WHERE clause for rows strictly after ``marker_row`` in sort order.

    NULLs sort first ascending (SQLite, MySQL) so treat them that way on
    every backend by comparing with explicit IS NULL terms.
    """
    criteria = []
    for i, key in enumerate(sort_keys):
        equal = []
        for prev_key in sort_keys[:i]:
            prev_val = getattr(marker_row, prev_key)
            col = getattr(table, prev_key)
            equal.append(col.is_(None) if prev_val is None
                         else col == prev_val)
        col = getattr(table, key)
        value = getattr(marker_row, key)
        if sort_dirs[i] == 'desc':
            if value is None:
                continue
            after = or_(col < value, col.is_(None))
        else:
            after = col.isnot(None) if value is None else col > value
        criteria.append(sa.and_(*(equal + [after])))
    return or_(*criteria) if criteria else sa.false()


@retry_on_deadlock
def instance_count_resources(project_id, user_id=None):
    """(instances, cores, ram) used by the project's live instances."""
    table = models.Instance
    query = sa.select(func.count(table.id),
                      func.coalesce(func.sum(table.vcpus), 0),
                      func.coalesce(func.sum(table.memory_mb), 0)).where(
        table.project_id == project_id, table.deleted == 0)
    if user_id:
        query = query.where(table.user_id == user_id)
    with session_scope() as session:
        count, cores, ram = session.execute(query).one()
    return {'instances': int(count), 'cores': int(cores), 'ram': int(ram)}


@retry_on_deadlock
def instance_get_active_by_window(begin, end, project_id=None):
    """Instances (deleted ones too) that existed at some time between
    ``begin`` and ``end``: launched before ``end``, not terminated
    before ``begin``. What os-simple-tenant-usage sums up."""
    table = models.Instance
    query = sa.select(table).where(
        table.launched_at.isnot(None), table.launched_at < end,
        or_(table.terminated_at.is_(None), table.terminated_at > begin))
    if project_id is not None:
        query = query.where(table.project_id == project_id)
    with session_scope() as session:
        return list(session.scalars(query.order_by(table.id)))


@retry_on_deadlock
def instance_placements(host=None, node=None):
    """(uuid, host, node, memory_mb, vcpus, disk_mb) of live instances
    that have a host: what hosts are using, without building objects.

    Columns only: disk_mb is written with the instance's flavor.
    """
    table = models.Instance
    query = sa.select(table.uuid, table.host, table.node,
                      func.coalesce(table.memory_mb, 0),
                      func.coalesce(table.vcpus, 0),
                      func.coalesce(table.disk_mb, 0)).where(
        table.deleted == 0, table.host.isnot(None))
    if host is not None:
        query = query.where(table.host == host)
    if node is not None:
        query = query.where(table.node == node)
    with session_scope() as session:
        return [tuple(row) for row in session.execute(query).all()]


@retry_on_deadlock
def instance_last_change(host):
    """When an instance on ``host`` (deleted ones too) was last created,
    updated or deleted (naive UTC), or None."""
    table = models.Instance
    newest = func.max(func.coalesce(table.deleted_at, table.updated_at,
                                    table.created_at))
    with session_scope() as session:
        return session.execute(sa.select(newest).where(
            table.host == host)).scalar()


@retry_on_deadlock
def instance_get_active_by_node(host, node=None):
    """Live instances on ``host`` (on any host when ``host`` is None)."""
    table = models.Instance
    query = sa.select(table).where(table.deleted == 0)
    query = query.where(table.host.isnot(None) if host is None
                        else table.host == host)
    if node is not None:
        query = query.where(table.node == node)
    with session_scope() as session:
        return list(session.scalars(query))


# instance faults ----------------------------------------------------------

@retry_on_deadlock
def instance_fault_create(values):
    row = models.InstanceFault(**values)
    with session_scope() as session:
        session.add(row)
    return row


@retry_on_deadlock
def instance_fault_get_by_instance_uuids(uuids, latest=False):
    table = models.InstanceFault
    query = sa.select(table).where(table.instance_uuid.in_(list(uuids)))
    query = query.order_by(table.created_at.desc(), table.id.desc())
    with session_scope() as session:
        rows = _plain_rows(session, query, table)
    if latest:
        seen, result = set(), []
        for row in rows:
            if row.instance_uuid not in seen:
                seen.add(row.instance_uuid)
                result.append(row)
        return result
    return rows


# instance actions ---------------------------------------------------------

@retry_on_deadlock
def action_start(values):
    row = models.InstanceAction(**values)
    with session_scope() as session:
        session.add(row)
    return row


def _action_get_by_request_id(session, instance_uuid, request_id):
    table = models.InstanceAction
    return session.scalars(sa.select(table).where(
        table.instance_uuid == instance_uuid,
        table.request_id == request_id).order_by(
            table.created_at.desc(), table.id.desc())).first()


def _action_of_request(session, instance_uuid, request_id):
    """The instance's action of ``request_id``; InstanceActionNotFound."""
    row = _action_get_by_request_id(session, instance_uuid, request_id)
    if row is None:
        raise exception.InstanceActionNotFound(
            request_id=request_id, instance_uuid=instance_uuid)
    return row


@retry_on_deadlock
def action_finish(instance_uuid, request_id, values):
    with session_scope() as session:
        row = _action_of_request(session, instance_uuid, request_id)
        for key, value in values.items():
            setattr(row, key, value)
    return row


@retry_on_deadlock
def action_get_by_request_id(instance_uuid, request_id):
    with session_scope() as session:
        return _action_get_by_request_id(session, instance_uuid, request_id)


@retry_on_deadlock
def actions_get(instance_uuid, limit=None, marker=None):
    table = models.InstanceAction
    query = sa.select(table).where(table.instance_uuid == instance_uuid)
    query = query.order_by(table.created_at.desc(), table.id.desc())
    with session_scope() as session:
        if marker is not None:
            marker_row = _action_get_by_request_id(session, instance_uuid,
                                                   marker)
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
            query = query.where(table.id < marker_row.id)
        if limit is not None:
            query = query.limit(limit)
        return list(session.scalars(query))


@retry_on_deadlock
def action_event_start(instance_uuid, request_id, values):
    with session_scope() as session:
        action = _action_of_request(session, instance_uuid, request_id)
        row = models.InstanceActionEvent(action_id=action.id, **values)
        session.add(row)
    return row


@retry_on_deadlock
def action_event_finish(instance_uuid, request_id, event, values):
    table = models.InstanceActionEvent
    with session_scope() as session:
        action = _action_of_request(session, instance_uuid, request_id)
        row = session.scalars(sa.select(table).where(
            table.action_id == action.id, table.event == event).order_by(
                table.id.desc())).first()
        if row is None:
            row = models.InstanceActionEvent(action_id=action.id,
                                             event=event,
                                             start_time=values.get(
                                                 'finish_time'))
            session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        if values.get('result', '').lower() == 'error':
            action.message = 'Error'
    return row


@retry_on_deadlock
def action_events_record(instance_uuids, request_id, rows):
    """Events ``rows`` (finished ones: timeline spans) on the actions of
    ``request_id`` of each instance, in one transaction. A row with an
    ``instance_uuid`` goes to that instance only; an instance without
    such an action (deleted meanwhile) gets none."""
    with session_scope() as session:
        for instance_uuid in instance_uuids:
            action = _action_get_by_request_id(session, instance_uuid,
                                               request_id)
            if action is None:
                continue
            for row in rows:
                values = dict(row)
                if values.pop('instance_uuid', None) not in (
                        None, instance_uuid):
                    continue
                session.add(models.InstanceActionEvent(action_id=action.id,
                                                       **values))


def action_records_write(instance_uuid, request_id, records):
    """What a compute step sends with its state save (compute/
    build_records.py), in the caller's transaction: events started
    (``start_events``), finished spans (``spans``), events finished
    (``finish_events``) and the action's finish (``finish_action``), all
    on the action of ``request_id``, looked up once (none without it).
    Plain statements, no ORM rows: this runs with every build step."""
    table = models.InstanceActionEvent
    actions = models.InstanceAction
    with session_scope() as session:
        action_id = session.execute(
            sa.select(actions.id).where(
                actions.instance_uuid == instance_uuid,
                actions.request_id == request_id).order_by(
                    actions.created_at.desc(), actions.id.desc()).limit(1)
        ).scalar()
        if action_id is None:
            return  # no action of this request: a state save all the same
        new = [_times(v) for v in records.get('start_events', ())]
        for values in records.get('spans', ()):
            values = dict(values)
            if values.pop('instance_uuid', None) in (None, instance_uuid):
                new.append(values)
        if new:
            now = timeutils.utcnow()
            session.execute(sa.insert(table), [
                dict(dict.fromkeys(_EVENT_COLUMNS), created_at=now,
                     action_id=action_id, **values) for values in new])
        action_values = {}
        for values in records.get('finish_events', ()):
            values = _times(values)
            event_id = session.execute(
                sa.select(table.id).where(
                    table.action_id == action_id,
                    table.event == values['event']).order_by(
                        table.id.desc()).limit(1)).scalar()
            if event_id is None:
                session.execute(sa.insert(table).values(
                    action_id=action_id, start_time=values['finish_time'],
                    **values))
            else:
                session.execute(sa.update(table).where(
                    table.id == event_id).values(**values))
            if (values.get('result') or '').lower() == 'error':
                action_values['message'] = 'Error'
        if records.get('finish_action'):
            action_values['finish_time'] = timeutils.utcnow()
        if action_values:
            session.execute(sa.update(actions).where(
                actions.id == action_id).values(**action_values))


_EVENT_COLUMNS = ('event', 'start_time', 'finish_time', 'result', 'host',
                  'details', 'traceback', 'span')


def _times(values):
    """Record values with their times as datetimes (they travel as
    text)."""
    values = dict(values)
    for key in ('start_time', 'finish_time'):
        if isinstance(values.get(key), str):
            values[key] = timeutils.parse_isotime(values[key]).replace(
                tzinfo=None)
    return values


@retry_on_deadlock
def action_events_get(action_id):
    table = models.InstanceActionEvent
    with session_scope() as session:
        return list(session.scalars(sa.select(table).where(
            table.action_id == action_id).order_by(table.id)))


# generic helpers for the small tables --------------------------------------

@retry_on_deadlock
def row_create(model_name, values, duplicate_exc=None):
    row = getattr(models, model_name)(**values)
    try:
        with session_scope() as session:
            session.add(row)
    except db_exc.DBDuplicateEntry:
        if duplicate_exc is None:
            raise
        raise duplicate_exc
    return row


@retry_on_deadlock
def row_update(model_name, row_id, values, duplicate_exc=None):
    model = getattr(models, model_name)
    try:
        with session_scope() as session:
            row = session.get(model, row_id)
            if row is None:
                raise exception.NotFound()
            for key, value in values.items():
                setattr(row, key, value)
    except db_exc.DBDuplicateEntry:
        if duplicate_exc is None:
            raise
        raise duplicate_exc
    return row


@retry_on_deadlock
def row_delete(model_name, row_id, soft=False):
    model = getattr(models, model_name)
    with session_scope() as session:
        row = session.get(model, row_id)
        if row is None:
            raise exception.NotFound()
        if soft:
            for key, value in _soft_delete_values(row.id).items():
                setattr(row, key, value)
        else:
            session.delete(row)


@retry_on_deadlock
def rows_get(model_name, limit=None, order_by=('id',), read_deleted='no',
             **equal):
    model = getattr(models, model_name)
    query = sa.select(model)
    if hasattr(model, 'deleted'):
        query = _not_deleted(query, model, read_deleted)
    for key, value in equal.items():
        col = getattr(model, key)
        if isinstance(value, (list, tuple, set)):
            query = query.where(col.in_(
                [v for v in value if models.storable(v)]))
        elif not models.storable(value):
            return []
        else:
            query = query.where(col.is_(None) if value is None
                                else col == value)
    for key in order_by:
        query = query.order_by(getattr(model, key))
    if limit is not None:
        query = query.limit(limit)
    with session_scope() as session:
        return list(session.scalars(query))


def row_get(model_name, exc, read_deleted='no', **equal):
    rows = rows_get(model_name, limit=1, read_deleted=read_deleted, **equal)
    if not rows:
        raise exc
    return rows[0]


@retry_on_deadlock
def rows_count(model_name, **equal):
    model = getattr(models, model_name)
    query = sa.select(func.count(model.id))
    if hasattr(model, 'deleted'):
        query = query.where(model.deleted == 0)
    for key, value in equal.items():
        query = query.where(getattr(model, key) == value)
    with session_scope() as session:
        return int(session.execute(query).scalar())


# services ------------------------------------------------------------------

@retry_on_deadlock
def service_heartbeat(service_id):
    """Bump report_count and the last-seen time in one statement."""
    table = models.Service
    now = timeutils.utcnow()
    with session_scope() as session:
        session.execute(sa.update(table).where(table.id == service_id).values(
            report_count=table.report_count + 1, last_seen_up=now,
            updated_at=now))
        return session.get(table, service_id)


# instance groups -----------------------------------------------------------

@retry_on_deadlock
def instance_group_add_members(group_uuid, instance_uuids):
    with session_scope() as session:
        group = session.scalars(sa.select(models.InstanceGroup).where(
            models.InstanceGroup.uuid == group_uuid)).first()
        if group is None:
            raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
        existing = {m.instance_uuid for m in group.members}
        for uuid in instance_uuids:
            if uuid not in existing:
                group.members.append(models.InstanceGroupMember(
                    instance_uuid=uuid))
    return group


@retry_on_deadlock
def instance_group_get_by_instance(instance_uuid):
    member = models.InstanceGroupMember
    with session_scope() as session:
        group = session.scalars(sa.select(models.InstanceGroup).join(
            member).where(member.instance_uuid == instance_uuid)).first()
    if group is None:
        raise exception.InstanceGroupNotFound(group_uuid=instance_uuid)
    return group


# quotas --------------------------------------------------------------------

# Where each level of limits lives, and the columns that name its owner.
_QUOTA_LEVELS = {'project': 'Quota', 'user': 'ProjectUserQuota',
                 'class': 'QuotaClass'}


def quota_get_all_by_project(project_id):
    return quota_get_all('project', project_id=project_id)


def quota_get_all(level, **owner):
    """{resource: hard_limit} of one owner: ``project`` (project_id),
    ``user`` (project_id, user_id) or ``class`` (class_name)."""
    return {row.resource: row.hard_limit
            for row in rows_get(_QUOTA_LEVELS[level], **owner)}


@retry_on_deadlock
def quota_set_all(level, limits, **owner):
    """Write ``limits`` ({resource: hard_limit}) of one owner in one
    transaction, updating the rows that exist."""
    model = getattr(models, _QUOTA_LEVELS[level])
    with session_scope() as session:
        query = sa.select(model).where(*[getattr(model, key) == value
                                         for key, value in owner.items()])
        rows = {row.resource: row for row in session.scalars(query)}
        for resource, limit in limits.items():
            row = rows.get(resource)
            if row is None:
                session.add(model(resource=resource, hard_limit=limit,
                                  **owner))
            else:
                row.hard_limit = limit


@retry_on_deadlock
def quota_destroy_all(level, **owner):
    model = getattr(models, _QUOTA_LEVELS[level])
    with session_scope() as session:
        session.execute(sa.delete(model).where(
            *[getattr(model, key) == value for key, value in owner.items()]))


# networks ------------------------------------------------------------------

@retry_on_deadlock
def network_create(values, reserved_addresses):
    """A network and the rows of its reserved addresses, in one go."""
    row = models.Network(**values)
    try:
        with session_scope() as session:
            session.add(row)
            session.flush()
            for address in reserved_addresses:
                session.add(models.FixedIp(network_id=row.id,
                                           address=address, reserved=True,
                                           allocated=False))
    except db_exc.DBDuplicateEntry:
        raise exception.NetworkExists(bridge=values.get('bridge'))
    return row


@retry_on_deadlock
def network_destroy(uuid):
    """Soft delete a network with no allocated address.

    The network row is locked first; an allocation holds a shared lock on
    it while it inserts its address (``fixed_ip_create``), so a delete and
    an allocation on one network never both succeed.
    """
    net = models.Network
    fixed = models.FixedIp
    with session_scope() as session:
        row = session.scalars(sa.select(net).where(
            net.uuid == uuid, net.deleted == 0).with_for_update()).first()
        if row is None:
            raise exception.NetworkNotFound(network_id=uuid)
        count = session.execute(sa.select(func.count(fixed.id)).where(
            fixed.network_id == row.id, fixed.allocated.is_(True))).scalar()
        if count:
            raise exception.NetworkInUse(network_id=uuid, count=count)
        session.execute(sa.delete(fixed).where(fixed.network_id == row.id))
        for key, value in _soft_delete_values(row.id).items():
            setattr(row, key, value)
    return row


# fixed IPs and virtual interfaces ------------------------------------------

@retry_on_deadlock
def fixed_ip_create(values):
    """Insert one taken address; FixedIpExists when it is taken already.

    The unique (network_id, address) constraint decides between two
    concurrent allocations of one address, in every process and on every
    backend: the second insert fails and its caller tries another address.
    """
    net = models.Network
    row = models.FixedIp(**values)
    try:
        with session_scope() as session:
            network = session.scalars(sa.select(net).where(
                net.id == values['network_id'], net.deleted == 0
            ).with_for_update(read=True)).first()
            if network is None:
                raise exception.NetworkNotFound(
                    network_id=values['network_id'])
            session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.FixedIpExists(address=values['address'],
                                      network_id=values['network_id'])
    return row


@retry_on_deadlock
def virtual_interface_create(values):
    try:
        with session_scope() as session:
            row = models.VirtualInterface(**values)
            session.add(row)
    except db_exc.DBDuplicateEntry:
        raise exception.VirtualInterfaceExists(address=values['address'])
    return row


@retry_on_deadlock
def virtual_interfaces_delete_by_instance(instance_uuid):
    """Delete an instance's interfaces and their addresses; returns the
    ids of the networks they were on."""
    vif = models.VirtualInterface
    fixed = models.FixedIp
    with session_scope() as session:
        rows = list(session.scalars(sa.select(vif).where(
            vif.instance_uuid == instance_uuid)))
        networks = {row.network_id for row in rows}
        networks.update(session.scalars(sa.select(fixed.network_id).where(
            fixed.instance_uuid == instance_uuid)))
        floating_ips.disassociate_fixed_ips(sa.select(fixed.id).where(
            fixed.instance_uuid == instance_uuid), session)
        session.execute(sa.delete(fixed).where(
            fixed.instance_uuid == instance_uuid))
        session.execute(sa.delete(vif).where(
            vif.instance_uuid == instance_uuid))
    return sorted(networks)


@retry_on_deadlock
def instance_uuids_with_orphaned_interfaces():
    """Instances that hold interfaces but are deleted (or gone) and whose
    guest is known gone: a deleted instance not yet ``cleaned`` (its
    host was down at the delete) keeps its addresses until its host
    reaps the guest."""
    vif = models.VirtualInterface
    inst = models.Instance
    live = sa.select(inst.uuid).where(inst.cleaned == 0)
    with session_scope() as session:
        return sorted(set(session.scalars(sa.select(vif.instance_uuid).where(
            vif.instance_uuid.not_in(live)))))


# instance info caches ------------------------------------------------------

@retry_on_deadlock
def instance_info_cache_update(instance_uuid, network_info):
    """Insert or update the one cache row of an instance."""
    table = models.InstanceInfoCache
    for _attempt in range(2):
        with session_scope() as session:
            result = session.execute(sa.update(table).where(
                table.instance_uuid == instance_uuid).values(
                    network_info=network_info, updated_at=timeutils.utcnow()))
            if result.rowcount:
                return
        try:
            with session_scope() as session:
                session.add(table(instance_uuid=instance_uuid,
                                  network_info=network_info))
            return
        except db_exc.DBDuplicateEntry:
            continue  # created meanwhile: update it


@retry_on_deadlock
def instance_info_caches_get(instance_uuids):
    table = models.InstanceInfoCache
    query = sa.select(table).where(
        table.instance_uuid.in_(list(instance_uuids))).order_by(table.id)
    with session_scope() as session:
        return _plain_rows(session, query, table)
