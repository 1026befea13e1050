"""minova.db.session: one engine per process, transactional sessions,
and no database at all where it is forbidden (compute)."""

import os

import pytest
import sqlalchemy as sa

import minova.db
from minova.db import api as db_api
from minova.db import models
from minova.db import session as db_session
from minova import exception


@pytest.fixture
def no_engine(monkeypatch):
    db_session.dispose()
    monkeypatch.setattr(minova.db, '_forbidden', False)
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
    minova.db.forbid_database()
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


def test_sqlite_writer_takes_the_write_lock_at_begin(db):
    """BEGIN IMMEDIATE: a second writer waits at its BEGIN instead of
    failing at its first write (WAL's busy-snapshot error)."""
    import sqlite3
    path = db_session.get_engine().url.database
    with db_session.session_scope() as session:
        session.execute(sa.select(models.Flavor.id)).all()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match='locked'):
            other.execute('BEGIN IMMEDIATE')
        other.close()


def test_duplicates_are_oslo_db_errors(db):
    values = {'flavorid': 'd', 'name': 'd', 'memory_mb': 1, 'vcpus': 1}
    db_api.row_create('Flavor', values)
    with pytest.raises(exception.FlavorExists):
        db_api.row_create('Flavor', values,
                          duplicate_exc=exception.FlavorExists(name='d'))


def test_a_deadlock_victim_runs_again(monkeypatch):
    from oslo_db import api as oslo_db_api
    from oslo_db import exception as db_exc
    monkeypatch.setattr(oslo_db_api.time, 'sleep', lambda seconds: None)
    calls = []

    @db_session.retry_on_deadlock
    def write():
        calls.append(1)
        if len(calls) < 3:
            raise db_exc.DBDeadlock()
        return 'written'
    assert write() == 'written' and len(calls) == 3

    @db_session.retry_on_deadlock
    def always():
        calls.append(1)
        raise db_exc.DBDeadlock()
    del calls[:]
    with pytest.raises(db_exc.DBDeadlock):
        always()
    assert len(calls) == 13                # the first try and 12 retries


def _mysql_or_skip():
    import pymysql
    try:
        pymysql.connect(host='127.0.0.1', user='root').close()
    except Exception:
        pytest.skip('no MariaDB on 127.0.0.1')


def test_a_dropped_connection_is_replaced(no_engine, conf):
    """The server closing a pooled connection (a MariaDB restart) costs
    the next session nothing: oslo.db's engine pings and reconnects."""
    _mysql_or_skip()
    conf.config(connection='mysql+pymysql://root@127.0.0.1/mysql',
                group='database')
    with db_session.session_scope() as session:
        first = session.execute(sa.text('SELECT CONNECTION_ID()')).scalar()
    killer = sa.create_engine('mysql+pymysql://root@127.0.0.1/mysql')
    with killer.connect() as connection:
        connection.execute(sa.text('KILL %d' % first))
    killer.dispose()
    with db_session.session_scope() as session:
        second = session.execute(sa.text('SELECT CONNECTION_ID()')).scalar()
    assert second != first


def _instance_count():
    with db_session.reader_scope() as session:
        return session.execute(
            sa.select(sa.func.count()).select_from(models.Instance)).scalar()


def test_one_transaction_shares_one_session(db):
    with db_session.one_transaction():
        with db_session.session_scope() as writer:
            with db_session.reader_scope() as reader:
                assert reader is writer
        with db_session.one_transaction():          # nests
            with db_session.session_scope() as again:
                assert again is writer
    with db_session.session_scope() as after:
        assert after is not writer


def test_one_transaction_commits_at_its_end(db):
    with db_session.one_transaction():
        db_api.instance_create({'project_id': 'p'})
        db_api.instance_create({'project_id': 'p'})
    assert _instance_count() == 2


def test_one_transaction_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError):
        with db_session.one_transaction():
            db_api.instance_create({'project_id': 'p'})
            raise RuntimeError('boom')
    assert _instance_count() == 0


def test_no_retry_inside_one_transaction(db, monkeypatch):
    """A lost connection ends the enclosing transaction as a whole: a
    retried part of it would only fail again, so it runs once and the
    error goes up to the transaction's owner."""
    from oslo_db import api as oslo_db_api
    from oslo_db import exception as db_exc
    monkeypatch.setattr(oslo_db_api.time, 'sleep', lambda seconds: None)
    calls = []

    @db_session.retry_on_deadlock
    def read():
        calls.append(1)
        raise db_exc.DBConnectionError()
    with pytest.raises(db_exc.DBConnectionError):
        with db_session.one_transaction():
            read()
    assert len(calls) == 1
    with pytest.raises(db_exc.DBConnectionError):
        read()
    assert len(calls) == 14                # alone: the try and 12 retries
