"""nova-network's security groups and floating IPs: security_groups,
security_group_rules, security_group_default_rules,
security_group_instance_association and floating_ips

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 13:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = 'flavor_projects'
branch_labels = None
depends_on = None


def _timestamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=True),
            sa.Column('updated_at', sa.DateTime(), nullable=True)]


def _rule_columns():
    return [sa.Column('protocol', sa.String(length=255), nullable=True),
            sa.Column('from_port', sa.Integer(), nullable=True),
            sa.Column('to_port', sa.Integer(), nullable=True),
            sa.Column('cidr', sa.String(length=43), nullable=True)]


def upgrade():
    op.create_table(
        'security_groups',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('description', sa.String(length=255), nullable=True),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        *_timestamps(),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('project_id', 'name', 'deleted',
                            name='uniq_security_groups0project_id0'
                                 'name0deleted'))
    op.create_table(
        'security_group_rules',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('parent_group_id', sa.Integer(), nullable=False),
        *_rule_columns(),
        sa.Column('group_id', sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(['parent_group_id'], ['security_groups.id']),
        sa.ForeignKeyConstraint(['group_id'], ['security_groups.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_table(
        'security_group_default_rules',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        *_rule_columns(),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'))
    op.create_table(
        'security_group_instance_association',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('security_group_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['security_group_id'],
                                ['security_groups.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('security_group_id', 'instance_uuid',
                            name='uniq_security_group_instance0group0'
                                 'instance'),
        sa.Index('security_group_instance_association_instance_uuid_idx',
                 'instance_uuid'))
    op.create_table(
        'floating_ips',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('address', sa.String(length=39), nullable=False),
        sa.Column('pool', sa.String(length=255), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('fixed_ip_id', sa.Integer(), nullable=True),
        sa.Column('auto_assigned', sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['fixed_ip_id'], ['fixed_ips.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('address', name='uniq_floating_ips0address'),
        sa.Index('floating_ips_project_id_idx', 'project_id'),
        sa.Index('floating_ips_pool_idx', 'pool'))


def downgrade():
    op.drop_table('floating_ips')
    op.drop_table('security_group_instance_association')
    op.drop_table('security_group_default_rules')
    op.drop_table('security_group_rules')
    op.drop_table('security_groups')
