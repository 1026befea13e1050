"""minova.db.session: one engine per process, transactional sessions,
and no database at all where it is forbidden (compute)."""

import os

import pytest
import sqlalchemy as sa

from minova.db import api as db_api
from minova.db import models
from minova.db import session as db_session
from minova import exception


@pytest.fixture
def no_engine(monkeypatch):
    db_session.dispose()
    monkeypatch.setattr(db_session, '_allow_default_sqlite', True)
    yield
    db_session.dispose()


def test_default_is_sqlite_in_state_path(no_engine, conf, tmp_path):
    conf.config(connection=None, group='database')
    assert db_session.connection_url() == 'sqlite:///%s' % os.path.join(
        str(tmp_path), 'minova.sqlite')


def test_configured_connection_wins(no_engine, conf):
    conf.config(connection='mysql+pymysql://u:p@db/minova', group='database')
    assert db_session.connection_url() == 'mysql+pymysql://u:p@db/minova'


def test_forbidden_database_raises_on_any_use(no_engine, conf, tmp_path):
    conf.config(connection=None, group='database')
    db_session.forbid_database()
    with pytest.raises(exception.DBNotConfigured):
        db_api.instance_get_by_uuid('x')
    with pytest.raises(exception.DBNotConfigured):
        with db_session.session_scope():
            pass
    assert not os.path.exists(os.path.join(str(tmp_path), 'minova.sqlite'))


def test_one_engine_until_dispose(db):
    engine = db_session.get_engine()
    assert db_session.get_engine() is engine
    db_session.dispose()
    assert db_session.get_engine() is not engine


def test_sqlite_pragmas(db):
    with db_session.get_engine().connect() as connection:
        assert connection.exec_driver_sql(
            'PRAGMA foreign_keys').scalar() == 1
        assert connection.exec_driver_sql(
            'PRAGMA journal_mode').scalar() == 'wal'


def _flavor_names():
    with db_session.session_scope() as session:
        return list(session.scalars(sa.select(models.Flavor.name)))


def _add_flavor(session, name):
    session.add(models.Flavor(flavorid=name, name=name, memory_mb=1,
                              vcpus=1))


def test_session_commits(db):
    with db_session.session_scope() as session:
        _add_flavor(session, 'kept')
    assert _flavor_names() == ['kept']


def test_session_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with db_session.session_scope() as session:
            _add_flavor(session, 'lost')
            session.flush()
            raise RuntimeError('boom')
    assert _flavor_names() == []


def test_rows_outlive_their_session(db):
    row = db_api.row_create('Flavor', {'flavorid': 'f', 'name': 'f',
                                       'memory_mb': 1, 'vcpus': 1})
    assert row.id and row.name == 'f'      # not expired on commit
