"""migrations: the moves of instances between hosts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'migrations',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('source_compute', sa.String(length=255)),
        sa.Column('dest_compute', sa.String(length=255)),
        sa.Column('source_node', sa.String(length=255)),
        sa.Column('dest_node', sa.String(length=255)),
        sa.Column('dest_host', sa.String(length=255)),
        sa.Column('status', sa.String(length=255)),
        sa.Column('instance_uuid', sa.String(length=36)),
        sa.Column('old_instance_type_id', sa.Integer()),
        sa.Column('new_instance_type_id', sa.Integer()),
        sa.Column('migration_type', sa.String(length=255)),
        sa.Column('hidden', sa.Boolean()),
        sa.Column('old_flavor', sa.Text()),
        sa.Column('new_flavor', sa.Text()),
        sa.Column('old_memory_mb', sa.Integer()),
        sa.Column('old_vcpus', sa.Integer()),
        sa.Column('old_disk_mb', sa.Integer()),
        sa.Column('new_memory_mb', sa.Integer()),
        sa.Column('new_vcpus', sa.Integer()),
        sa.Column('new_disk_mb', sa.Integer()),
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
        sa.Column('deleted_at', sa.DateTime()),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('migrations') as batch_op:
        batch_op.create_index('migrations_instance_uuid_and_status_idx',
                              ['deleted', 'instance_uuid', 'status'])
        batch_op.create_index('migrations_by_host_nodes_and_status_idx',
                              ['deleted', 'source_compute', 'dest_compute',
                               'status'])


def downgrade():
    op.drop_table('migrations')
