"""The image API's own migration chain: it creates exactly what the image
models describe, in its own history, and adopts the tables an older
database got from the compute chain."""

from alembic import autogenerate
from alembic import migration as alembic_migration
import sqlalchemy as sa

from minova.db import migration
from minova.db import session as db_session
from minova.image_api import models

_IMAGE_TABLES = set(models.Base.metadata.tables)


def _only_image_tables(name, type_, _parent):
    return type_ != 'table' or name in _IMAGE_TABLES


def test_models_match_migration(db):
    with db_session.get_engine().connect() as connection:
        context = alembic_migration.MigrationContext.configure(
            connection, opts={'include_name': _only_image_tables})
        diffs = autogenerate.compare_metadata(context, models.Base.metadata)
    assert diffs == []


def test_chains_keep_separate_histories(conf, tmp_path):
    db_session.dispose()
    conf.config(connection='sqlite:///%s' % (tmp_path / 'c.sqlite'),
                group='database')
    migration.db_sync(chain=migration.COMPUTE)
    tables = set(sa.inspect(db_session.get_engine()).get_table_names())
    assert not tables & _IMAGE_TABLES
    assert migration.db_version(migration.IMAGE) is None
    migration.db_sync(chain=migration.IMAGE)
    tables = set(sa.inspect(db_session.get_engine()).get_table_names())
    assert _IMAGE_TABLES | {'image_alembic_version'} <= tables
    assert migration.db_version(migration.IMAGE) == 'image0001'
    assert migration.db_version(migration.COMPUTE) not in (None,
                                                           'image0001')
    db_session.dispose()


def test_tables_from_the_compute_chain_are_adopted(conf, tmp_path):
    """A database from before the split has the image tables (the compute
    chain's old 0002) and rows in them; the image chain keeps both."""
    db_session.dispose()
    conf.config(connection='sqlite:///%s' % (tmp_path / 'old.sqlite'),
                group='database')
    migration.db_sync(chain=migration.COMPUTE)
    engine = db_session.get_engine()
    models.Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(models.Image.__table__.insert().values(
            id='i1', status='active', visibility='public', min_disk=0,
            min_ram=0, protected=False, os_hidden=False, deleted=False,
            created_at=sa.func.now()))
    migration.db_sync(chain=migration.IMAGE)
    assert migration.db_version(migration.IMAGE) == 'image0001'
    with engine.connect() as connection:
        assert connection.execute(sa.text(
            'SELECT id FROM images')).scalars().all() == ['i1']
    db_session.dispose()
