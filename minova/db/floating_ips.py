"""Query functions of floating IPs (nova-network's ``floating_ips``).

A row per address of a pool. Allocating takes a free row with an UPDATE
that only matches while it is still free, so two projects racing for the
last address cannot both get it; associating works the same way on
``fixed_ip_id``. Objects (``minova.objects.floating_ip``) are the only
callers.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import func

from minova.db import models
from minova.db.session import retry_on_deadlock
from minova.db.session import session_scope
from minova import exception

_FIP = models.FloatingIp
_FIXED = models.FixedIp


def _with_fixed():
    """Floating IPs with the address and instance of their fixed IP."""
    return sa.select(_FIP, _FIXED.address, _FIXED.instance_uuid).outerjoin(
        _FIXED, _FIXED.id == _FIP.fixed_ip_id)


@retry_on_deadlock
def _rows(query):
    with session_scope() as session:
        return [(row, fixed, instance) for row, fixed, instance in
                session.execute(query.order_by(_FIP.id))]


@retry_on_deadlock
def create_many(pool, addresses):
    try:
        with session_scope() as session:
            for address in addresses:
                session.add(_FIP(address=address, pool=pool,
                                 auto_assigned=False))
    except db_exc.DBDuplicateEntry:
        raise exception.FloatingIpExists(pool=pool)


@retry_on_deadlock
def delete_pool(pool):
    """Delete a pool whose addresses are all free; returns the count."""
    with session_scope() as session:
        used = session.execute(sa.select(func.count(_FIP.id)).where(
            _FIP.pool == pool, _FIP.project_id.is_not(None))).scalar()
        if used:
            raise exception.FloatingIpPoolInUse(pool=pool, count=used)
        return session.execute(sa.delete(_FIP).where(
            _FIP.pool == pool)).rowcount


def get(**equal):
    query = _with_fixed()
    for key, value in equal.items():
        if not models.storable(value):
            return []
        query = query.where(getattr(_FIP, key) == value)
    return _rows(query)


def get_by_instance(instance_uuid):
    return _rows(_with_fixed().where(_FIXED.instance_uuid == instance_uuid))


def get_associated():
    return _rows(_with_fixed().where(_FIP.fixed_ip_id.is_not(None)))


@retry_on_deadlock
def pools():
    with session_scope() as session:
        return sorted(set(session.scalars(sa.select(_FIP.pool))))


@retry_on_deadlock
def count_by_project(project_id):
    with session_scope() as session:
        return int(session.execute(sa.select(func.count(_FIP.id)).where(
            _FIP.project_id == project_id)).scalar())


@retry_on_deadlock
def allocate(project_id, pool, auto_assigned=False):
    """Give a free address of ``pool`` to the project; its id."""
    for _attempt in range(10):
        with session_scope() as session:
            free = session.scalars(sa.select(_FIP.id).where(
                _FIP.pool == pool, _FIP.project_id.is_(None)).order_by(
                    _FIP.id).limit(5)).all()
            if not free:
                raise exception.NoMoreFloatingIps(pool=pool)
            for fip_id in free:
                taken = session.execute(sa.update(_FIP).where(
                    _FIP.id == fip_id, _FIP.project_id.is_(None)).values(
                        project_id=project_id,
                        auto_assigned=auto_assigned)).rowcount
                if taken:
                    return fip_id
    raise exception.NoMoreFloatingIps(pool=pool)


@retry_on_deadlock
def release(fip_id):
    """Back to the pool (and disassociated)."""
    with session_scope() as session:
        session.execute(sa.update(_FIP).where(_FIP.id == fip_id).values(
            project_id=None, fixed_ip_id=None, auto_assigned=False))


@retry_on_deadlock
def associate(fip_id, fixed_ip_id):
    """Point a floating IP at a fixed IP unless it points elsewhere."""
    with session_scope() as session:
        done = session.execute(sa.update(_FIP).where(
            _FIP.id == fip_id, sa.or_(_FIP.fixed_ip_id.is_(None),
                                      _FIP.fixed_ip_id == fixed_ip_id)
        ).values(fixed_ip_id=fixed_ip_id)).rowcount
    return bool(done)


@retry_on_deadlock
def disassociate(fip_id):
    with session_scope() as session:
        session.execute(sa.update(_FIP).where(_FIP.id == fip_id).values(
            fixed_ip_id=None))


def disassociate_fixed_ips(fixed_ip_ids, session):
    """Inside a delete of fixed IPs (``fixed_ip_ids``: ids or a select
    of them): their floating IPs point nowhere."""
    session.execute(sa.update(_FIP).where(
        _FIP.fixed_ip_id.in_(fixed_ip_ids)).values(fixed_ip_id=None))
