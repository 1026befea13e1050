"""minova.db.migration: db_sync on a fresh database gives the models'
schema, every table and column, and nothing else."""

import json
import os

from alembic.autogenerate import compare_metadata
from alembic.runtime import migration as alembic_migration
from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from minova.db import migration
from minova.db import models
from minova.db import session as db_session


@pytest.fixture
def fresh(conf, tmp_path):
    db_session.dispose()
    conf.config(connection='sqlite:///%s' % os.path.join(str(tmp_path),
                                                         'fresh.sqlite'),
                group='database')
    yield db_session.get_engine
    db_session.dispose()


def test_fresh_database_has_no_tables(fresh):
    assert sa.inspect(fresh()).get_table_names() == []
    assert migration.db_version() is None


def test_db_sync_creates_every_model_table(fresh):
    migration.db_sync()
    inspector = sa.inspect(fresh())
    tables = set(inspector.get_table_names()) - {'alembic_version'}
    assert tables == set(models.Base.metadata.tables)
    for name, table in models.Base.metadata.tables.items():
        columns = {c['name'] for c in inspector.get_columns(name)}
        assert columns == {c.name for c in table.columns}, name


def test_migrations_match_the_models(fresh):
    migration.db_sync()
    with fresh().connect() as connection:
        context = alembic_migration.MigrationContext.configure(connection)
        assert compare_metadata(context, models.Base.metadata) == []


def test_db_sync_twice_and_version(fresh):
    migration.db_sync()
    head = migration.db_version()
    assert head
    migration.db_sync()
    assert migration.db_version() == head


def test_soft_delete_unique_constraints(fresh):
    migration.db_sync()
    services = models.Base.metadata.tables['services']
    with fresh().begin() as connection:
        values = dict(uuid='u1', host='h', binary='b', report_count=0)
        connection.execute(services.insert().values(deleted=1, **values))
        connection.execute(services.insert().values(
            deleted=0, **dict(values, uuid='u2')))
        # oslo.db's engine names the violation.
        with pytest.raises(db_exc.DBDuplicateEntry):
            connection.execute(services.insert().values(
                deleted=0, **dict(values, uuid='u3')))


def test_0004_back_fills_disk_mb_from_the_flavor_document(fresh):
    """Rows from before 0004 get root + ephemeral + swap (MB) from the
    flavor they were booted with, as Flavor.usage counts it."""
    migration.db_sync('0003')
    instances = sa.table('instances', sa.column('uuid'), sa.column('deleted'),
                         sa.column('root_gb'), sa.column('ephemeral_gb'),
                         sa.column('flavor'))
    flavor = json.dumps({'minova_object.name': 'Flavor',
                         'minova_object.data': {'root_gb': 2,
                                                'ephemeral_gb': 1,
                                                'swap': 512}})
    with fresh().begin() as connection:
        connection.execute(instances.insert().values(
            uuid='with-flavor', deleted=0, root_gb=2, ephemeral_gb=1,
            flavor=flavor))
        connection.execute(instances.insert().values(
            uuid='no-flavor', deleted=0, root_gb=5, ephemeral_gb=None,
            flavor=None))
    migration.db_sync()
    with fresh().connect() as connection:
        rows = dict(connection.execute(sa.text(
            'SELECT uuid, disk_mb FROM instances')).all())
    assert rows == {'with-flavor': 3 * 1024 + 512, 'no-flavor': 5 * 1024}
