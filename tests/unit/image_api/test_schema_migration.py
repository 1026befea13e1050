"""Migration 0002 creates exactly what the image models describe."""

from alembic import autogenerate
from alembic import migration as alembic_migration

from minova.db import session as db_session
from minova.db.models import Base
import minova.image_api.models  # noqa: F401

_IMAGE_TABLES = {'images', 'image_properties', 'image_tags'}


def _concerns_images(diff):
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item:
            if isinstance(part, str) and part in _IMAGE_TABLES:
                return True  # ('modify_nullable', None, 'images', ...)
            table = getattr(part, 'table', None)
            name = getattr(table, 'name', None) or getattr(part, 'name',
                                                           None)
            if name in _IMAGE_TABLES:
                return True
    return False


def test_models_match_migration(db):
    with db_session.get_engine().connect() as connection:
        context = alembic_migration.MigrationContext.configure(connection)
        diffs = autogenerate.compare_metadata(context, Base.metadata)
    assert [d for d in diffs if _concerns_images(d)] == []
