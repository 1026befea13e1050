"""No-op: the image service's tables moved to the image API's own chain

This revision once created images, image_properties and image_tags. They
now belong to ``minova/image_api/migrations`` (version table
``image_alembic_version``), whose first migration adopts the tables a
database already has. The revision stays so existing databases, which
record 0002 or later, upgrade unchanged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 21:40:00.000000
"""

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
