"""Queries over the ``migrations`` table (the moves of instances between
hosts). objects/migration.py is their only caller; the generic row
helpers of db/api.py create and update single rows."""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import or_

from minova.db import models
from minova.db.session import retry_on_deadlock
from minova.db.session import session_scope

# The move holds room on its destination (the instance is still on its
# source): the new flavor counts there.
HOLDS_DESTINATION = ('accepted', 'pre-migrating', 'migrating',
                     'post-migrating')
# The instance runs on the destination and the source keeps its disk for
# a revert: the old flavor counts on the source.
HOLDS_SOURCE = ('finished', 'confirming', 'reverting')


@retry_on_deadlock
def migration_placements(host=None, node=None):
    """(uuid, host, node, memory_mb, vcpus, disk_mb) of the room that
    moves in progress hold, beyond their instances' own rows."""
    table = models.Migration
    # A deleted instance holds no room, whatever its move was doing.
    live = sa.select(models.Instance.uuid).where(
        models.Instance.deleted == 0)
    rows = []
    sides = (
        (HOLDS_DESTINATION, table.dest_compute, table.dest_node, 'new'),
        (HOLDS_SOURCE, table.source_compute, table.source_node, 'old'))
    with session_scope() as session:
        for statuses, host_col, node_col, which in sides:
            query = sa.select(
                table.instance_uuid, host_col, node_col,
                sa.func.coalesce(getattr(table, which + '_memory_mb'), 0),
                sa.func.coalesce(getattr(table, which + '_vcpus'), 0),
                sa.func.coalesce(getattr(table, which + '_disk_mb'), 0),
            ).where(table.deleted == 0, table.status.in_(statuses),
                    host_col.isnot(None), table.instance_uuid.in_(live))
            if host is not None:
                query = query.where(host_col == host)
            if node is not None:
                query = query.where(node_col == node)
            rows.extend(tuple(row) for row in session.execute(query).all())
    return rows


@retry_on_deadlock
def migrations_get(filters, limit=None):
    """Migrations, newest first. ``filters``: ``host`` (source or
    destination), ``source_compute``, ``dest_compute``, ``status`` and
    ``migration_type`` (a value or a list), ``instance_uuid``,
    ``hidden``, ``updated_seconds_ago`` (not changed for that long)."""
    table = models.Migration
    query = sa.select(table).where(table.deleted == 0)
    host = filters.get('host')
    if host:
        query = query.where(or_(table.source_compute == host,
                                table.dest_compute == host))
    for name in ('source_compute', 'dest_compute', 'status',
                 'migration_type', 'instance_uuid', 'hidden'):
        if filters.get(name) is None:
            continue
        value = filters[name]
        column = getattr(table, name)
        query = query.where(column.in_(list(value)) if isinstance(
            value, (list, tuple, set)) else column == value)
    if filters.get('updated_seconds_ago') is not None:
        cutoff = timeutils.utcnow() - datetime.timedelta(
            seconds=filters['updated_seconds_ago'])
        query = query.where(table.updated_at < cutoff)
    query = query.order_by(table.created_at.desc(), table.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with session_scope() as session:
        return list(session.scalars(query))
