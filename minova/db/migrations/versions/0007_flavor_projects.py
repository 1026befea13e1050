"""flavor_projects: the projects that may use a non-public flavor
(os-flavor-access)

Revision ID: flavor_projects
Revises: 0005
Create Date: 2026-12-02 13:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'flavor_projects'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'flavor_projects',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('flavor_id', sa.Integer(),
                  sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'))
