"""list indexes: an index for every filter and the default order of
GET /servers

The list's default order is created_at, id (descending) among the live
rows, of one project or (all_tenants) of all; the filters image, flavor
and status compare image_ref, instance_type_id and vm_state. Without
these MariaDB reads every live row of the project and sorts it on each
page. name (a regular expression), changes-since (COALESCE of two
columns) and the tags (LIKE on a JSON list) cannot use an index;
reservation_id, host and the uuid of a marker already have theirs.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 17:00:00.000000
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

INDEXES = {
    'instances_deleted_created_at_idx': ['deleted', 'created_at', 'id'],
    'instances_project_id_deleted_created_at_idx':
        ['project_id', 'deleted', 'created_at', 'id'],
    'instances_image_ref_idx': ['image_ref'],
    'instances_instance_type_id_idx': ['instance_type_id'],
    'instances_vm_state_deleted_idx': ['vm_state', 'deleted'],
}


def upgrade():
    with op.batch_alter_table('instances') as batch:
        for name, columns in INDEXES.items():
            batch.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('instances') as batch:
        for name in INDEXES:
            batch.drop_index(name)
