"""spans: the timeline's facts on instance action events

An event that is a span (minova/timeline/spans.py) carries, as JSON, its
process, its start to the microsecond (a MySQL DATETIME keeps whole
seconds), its duration and its step's details (each scheduler filter's
host counts, an image cache hit). Other events leave it NULL.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('instance_actions_events') as batch:
        batch.add_column(sa.Column('span', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('instance_actions_events') as batch:
        batch.drop_column('span')
