"""Query functions of security groups, their rules and their members
(nova-network's tables). Objects (``minova.objects.security_group``) are
their only callers."""

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import func

from minova.db import models
from minova.db.session import retry_on_deadlock
from minova.db.session import session_scope
from minova import exception

DEFAULT_GROUP = 'default'


def _live_instances():
    inst = models.Instance
    return sa.select(inst.uuid).where(inst.deleted == 0)


@retry_on_deadlock
def ensure_default(project_id, user_id):
    """The project's ``default`` group; made on first use, with a copy of
    the default rules. Two racing first uses make one group."""
    group = models.SecurityGroup
    with session_scope() as session:
        row = session.scalars(sa.select(group).where(
            group.project_id == project_id, group.name == DEFAULT_GROUP,
            group.deleted == 0)).first()
    if row is not None:
        return row
    try:
        with session_scope() as session:
            row = group(name=DEFAULT_GROUP, description='default',
                        project_id=project_id, user_id=user_id)
            session.add(row)
            session.flush()
            for rule in session.scalars(sa.select(
                    models.SecurityGroupDefaultRule)):
                session.add(models.SecurityGroupRule(
                    parent_group_id=row.id, protocol=rule.protocol,
                    from_port=rule.from_port, to_port=rule.to_port,
                    cidr=rule.cidr))
        return row
    except db_exc.DBDuplicateEntry:
        return ensure_default(project_id, user_id)


@retry_on_deadlock
def count_by_project(project_id):
    group = models.SecurityGroup
    with session_scope() as session:
        return int(session.execute(sa.select(func.count(group.id)).where(
            group.project_id == project_id, group.deleted == 0)).scalar())


@retry_on_deadlock
def count_rules(group_id):
    rule = models.SecurityGroupRule
    with session_scope() as session:
        return int(session.execute(sa.select(func.count(rule.id)).where(
            rule.parent_group_id == group_id)).scalar())


@retry_on_deadlock
def destroy(group_id):
    """Soft delete a group no live server is in, with its rules and the
    rules of other groups that name it as their source."""
    group = models.SecurityGroup
    assoc = models.SecurityGroupInstanceAssociation
    rule = models.SecurityGroupRule
    with session_scope() as session:
        row = session.scalars(sa.select(group).where(
            group.id == group_id, group.deleted == 0
        ).with_for_update()).first()
        if row is None:
            raise exception.SecurityGroupNotFound(security_group_id=group_id)
        in_use = session.execute(sa.select(func.count(assoc.id)).where(
            assoc.security_group_id == group_id,
            assoc.instance_uuid.in_(_live_instances()))).scalar()
        if in_use:
            raise exception.SecurityGroupInUse()
        session.execute(sa.delete(assoc).where(
            assoc.security_group_id == group_id))
        session.execute(sa.delete(rule).where(sa.or_(
            rule.parent_group_id == group_id, rule.group_id == group_id)))
        row.deleted = row.id
        row.deleted_at = func.now()


@retry_on_deadlock
def add_instance(group_id, instance_uuid):
    try:
        with session_scope() as session:
            session.add(models.SecurityGroupInstanceAssociation(
                security_group_id=group_id, instance_uuid=instance_uuid))
    except db_exc.DBDuplicateEntry:
        raise exception.SecurityGroupExistsForInstance(
            security_group_id=group_id, instance_id=instance_uuid)


@retry_on_deadlock
def remove_instance(group_id, instance_uuid):
    assoc = models.SecurityGroupInstanceAssociation
    with session_scope() as session:
        result = session.execute(sa.delete(assoc).where(
            assoc.security_group_id == group_id,
            assoc.instance_uuid == instance_uuid))
    if not result.rowcount:
        raise exception.SecurityGroupNotExistsForInstance(
            security_group_id=group_id, instance_id=instance_uuid)


def remove_all_of_instance(instance_uuid, session):
    assoc = models.SecurityGroupInstanceAssociation
    session.execute(sa.delete(assoc).where(
        assoc.instance_uuid == instance_uuid))


def groups_of_instances(instance_uuids):
    """{instance uuid: [group rows]} (name order)."""
    return _of_instances(instance_uuids, models.SecurityGroup)


def group_names_of_instances(instance_uuids):
    """{instance uuid: [group names]} (name order): the two columns a
    server list shows, not whole group rows."""
    return _of_instances(instance_uuids, models.SecurityGroup.name)


@retry_on_deadlock
def _of_instances(instance_uuids, what):
    """{instance uuid: [``what`` of each of its groups]} (name order)."""
    group = models.SecurityGroup
    assoc = models.SecurityGroupInstanceAssociation
    result = {uuid: [] for uuid in instance_uuids}
    with session_scope() as session:
        rows = session.execute(sa.select(assoc.instance_uuid, what).join(
            group, group.id == assoc.security_group_id).where(
                assoc.instance_uuid.in_(list(instance_uuids)),
                group.deleted == 0).order_by(group.name))
        for instance_uuid, value in rows:
            result[instance_uuid].append(value)
    return result


@retry_on_deadlock
def instances_of_groups(group_ids):
    """Uuids of the live servers in any of ``group_ids``."""
    assoc = models.SecurityGroupInstanceAssociation
    with session_scope() as session:
        return sorted(set(session.scalars(sa.select(
            assoc.instance_uuid).where(
                assoc.security_group_id.in_(list(group_ids)),
                assoc.instance_uuid.in_(_live_instances())))))


@retry_on_deadlock
def groups_naming_source(group_ids):
    """Ids of the groups with a rule whose source is one of
    ``group_ids``: their members' filters change with the membership."""
    rule = models.SecurityGroupRule
    with session_scope() as session:
        return sorted(set(session.scalars(sa.select(
            rule.parent_group_id).where(rule.group_id.in_(list(group_ids))))))


@retry_on_deadlock
def inbound_rules_of_instance(instance_uuid):
    """The rules of the instance's groups as plain dicts, one per source
    CIDR: a rule naming a source group yields one per fixed IP of that
    group's live members (the instance itself included, as
    nova-network did)."""
    assoc = models.SecurityGroupInstanceAssociation
    rule = models.SecurityGroupRule
    fixed = models.FixedIp
    with session_scope() as session:
        rows = list(session.scalars(sa.select(rule).join(
            assoc, assoc.security_group_id == rule.parent_group_id).where(
                assoc.instance_uuid == instance_uuid).order_by(rule.id)))
        sources = {r.group_id for r in rows if r.group_id is not None}
        members = {}
        if sources:
            for group_id, address in session.execute(sa.select(
                    assoc.security_group_id, fixed.address).join(
                        fixed, fixed.instance_uuid == assoc.instance_uuid
                    ).where(assoc.security_group_id.in_(sorted(sources)),
                            assoc.instance_uuid.in_(_live_instances()),
                            fixed.allocated.is_(True))):
                members.setdefault(group_id, []).append(address)
    result = []
    for row in rows:
        cidrs = [row.cidr] if row.group_id is None else \
            ['%s/32' % a for a in sorted(members.get(row.group_id, []))]
        for cidr in cidrs:
            entry = {'protocol': row.protocol, 'from_port': row.from_port,
                     'to_port': row.to_port, 'cidr': cidr}
            if entry not in result:
                result.append(entry)
    return result
