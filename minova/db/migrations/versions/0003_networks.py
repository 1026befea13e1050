"""minova-network's tables: networks, virtual_interfaces, fixed_ips and
instance_info_caches

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'networks',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('label', sa.String(length=255), nullable=True),
        sa.Column('cidr', sa.String(length=43), nullable=False),
        sa.Column('netmask', sa.String(length=39), nullable=True),
        sa.Column('gateway', sa.String(length=39), nullable=True),
        sa.Column('broadcast', sa.String(length=39), nullable=True),
        sa.Column('dhcp_server', sa.String(length=39), nullable=True),
        sa.Column('dns1', sa.String(length=39), nullable=True),
        sa.Column('dns2', sa.String(length=39), nullable=True),
        sa.Column('bridge', sa.String(length=15), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid', name='uniq_networks0uuid'),
        sa.UniqueConstraint('bridge', 'deleted',
                            name='uniq_networks0bridge0deleted'))

    op.create_table(
        'virtual_interfaces',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('address', sa.String(length=17), nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('address',
                            name='uniq_virtual_interfaces0address'),
        sa.UniqueConstraint('uuid', name='uniq_virtual_interfaces0uuid'))
    with op.batch_alter_table('virtual_interfaces', schema=None) as batch_op:
        batch_op.create_index('virtual_interfaces_instance_uuid_idx',
                              ['instance_uuid'], unique=False)

    op.create_table(
        'fixed_ips',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=39), nullable=False),
        sa.Column('allocated', sa.Boolean(), nullable=False),
        sa.Column('reserved', sa.Boolean(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=True),
        sa.Column('virtual_interface_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id']),
        sa.ForeignKeyConstraint(['virtual_interface_id'],
                                ['virtual_interfaces.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('network_id', 'address',
                            name='uniq_fixed_ips0network_id0address'))
    with op.batch_alter_table('fixed_ips', schema=None) as batch_op:
        batch_op.create_index('fixed_ips_instance_uuid_idx',
                              ['instance_uuid'], unique=False)

    op.create_table(
        'instance_info_caches',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('network_info', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_instance_info_caches0instance_uuid'))


def downgrade():
    op.drop_table('instance_info_caches')
    op.drop_table('fixed_ips')
    op.drop_table('virtual_interfaces')
    op.drop_table('networks')
