"""The image service's tables: images, image_properties, image_tags

Until this chain existed the compute chain's migration 0002 made these
tables; a database it made keeps them, and this migration only records
them in the image chain's history.

Revision ID: image0001
Revises:
Create Date: 2026-12-02 13:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'image0001'
down_revision = None
branch_labels = None
depends_on = None

_TABLES = ('images', 'image_properties', 'image_tags')


def _made_by_the_compute_chain():
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    return set(_TABLES) <= existing


def upgrade():
    if _made_by_the_compute_chain():
        return
    op.create_table(
        'images',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('disk_format', sa.String(length=20), nullable=True),
        sa.Column('container_format', sa.String(length=20), nullable=True),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('virtual_size', sa.BigInteger(), nullable=True),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('visibility', sa.String(length=20), nullable=False),
        sa.Column('checksum', sa.String(length=32), nullable=True),
        sa.Column('os_hash_algo', sa.String(length=64), nullable=True),
        sa.Column('os_hash_value', sa.String(length=128), nullable=True),
        sa.Column('min_disk', sa.Integer(), nullable=False),
        sa.Column('min_ram', sa.Integer(), nullable=False),
        sa.Column('owner', sa.String(length=255), nullable=True),
        sa.Column('protected', sa.Boolean(), nullable=False),
        sa.Column('os_hidden', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.create_index('ix_images_deleted_status',
                              ['deleted', 'status'], unique=False)
        batch_op.create_index('ix_images_name', ['name'], unique=False)
        batch_op.create_index('ix_images_owner', ['owner'], unique=False)
        batch_op.create_index('ix_images_visibility', ['visibility'],
                              unique=False)

    op.create_table(
        'image_properties',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('image_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('value', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['image_id'], ['images.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('image_id', 'name',
                            name='uniq_image_properties0image_id0name'))
    op.create_table(
        'image_tags',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('image_id', sa.String(length=36), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('image_id', 'value',
                            name='uniq_image_tags0image_id0value'))


def downgrade():
    op.drop_table('image_tags')
    op.drop_table('image_properties')
    op.drop_table('images')
