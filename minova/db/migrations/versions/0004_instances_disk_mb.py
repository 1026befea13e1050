"""instances.disk_mb: the disk an instance takes from its host, in MB

Written with the instance's flavor from then on (Flavor.usage); existing
rows get it once here, from the flavor document they were booted with.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00.000000
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('instances', sa.Column('disk_mb', sa.Integer(),
                                         nullable=True))
    instances = sa.table('instances', sa.column('id', sa.Integer),
                         sa.column('root_gb', sa.Integer),
                         sa.column('ephemeral_gb', sa.Integer),
                         sa.column('flavor', sa.Text),
                         sa.column('disk_mb', sa.Integer))
    bind = op.get_bind()
    rows = bind.execute(sa.select(instances.c.id, instances.c.root_gb,
                                  instances.c.ephemeral_gb,
                                  instances.c.flavor)).all()
    for row_id, root_gb, ephemeral_gb, flavor in rows:
        bind.execute(instances.update().where(
            instances.c.id == row_id).values(
                disk_mb=_disk_mb(root_gb, ephemeral_gb, flavor)))


def _disk_mb(root_gb, ephemeral_gb, flavor_json):
    """(root + ephemeral) GB * 1024 + swap MB, as Flavor.usage counts it;
    the flavor document's values where the row has one."""
    data = {}
    if flavor_json:
        data = json.loads(flavor_json).get('minova_object.data', {})
    root = data.get('root_gb', root_gb) or 0
    ephemeral = data.get('ephemeral_gb', ephemeral_gb) or 0
    return (root + ephemeral) * 1024 + int(data.get('swap') or 0)
