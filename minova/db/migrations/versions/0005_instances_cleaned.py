"""instances.cleaned: the guest of a deleted instance is known gone

A delete made while the instance's compute host is down (a local delete)
marks the row deleted with ``cleaned = 0``; the host reaps the guest when
it returns and sets ``cleaned = 1``. minova-network frees the addresses of
a deleted instance only once it is cleaned (or never had a host), so no
address is handed out again while a guest still holds it. Rows deleted
before this revision are taken as cleaned.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 13:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('instances', sa.Column('cleaned', sa.Integer(),
                                         nullable=False,
                                         server_default='0'))
    instances = sa.table('instances', sa.column('deleted', sa.Integer),
                         sa.column('cleaned', sa.Integer))
    op.execute(instances.update().where(instances.c.deleted != 0).values(
        cleaned=1))
