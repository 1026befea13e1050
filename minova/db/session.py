"""One engine per process, and transactional sessions on it.

The engine is made on first use from ``[database] connection``; a process
with no connection configured (minova-compute) gets DBNotConfigured instead
of a silent SQLite file.
"""

import contextlib
import os
import threading

import sqlalchemy
from sqlalchemy import event
from sqlalchemy import orm

import minova.conf
from minova import exception

CONF = minova.conf.CONF

_lock = threading.Lock()
_engine = None
_sessionmaker = None
_allow_default_sqlite = True


def forbid_database():
    """Called by services that must never touch the database (compute)."""
    global _allow_default_sqlite
    _allow_default_sqlite = False


def connection_url():
    url = CONF.database.connection
    if url:
        return url
    if not _allow_default_sqlite:
        raise exception.DBNotConfigured()
    os.makedirs(CONF.state_path, exist_ok=True)
    return 'sqlite:///%s' % os.path.join(CONF.state_path, 'minova.sqlite')


def _set_sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    # WAL lets readers in other processes go on while one process writes.
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.close()


def get_engine():
    global _engine, _sessionmaker
    if _engine is None:
        with _lock:
            if _engine is None:
                url = connection_url()
                kwargs = {'echo': CONF.database.connection_debug,
                          'pool_pre_ping': True}
                if url.startswith('sqlite'):
                    kwargs['connect_args'] = {'timeout': 30,
                                              'check_same_thread': False}
                else:
                    kwargs['pool_size'] = CONF.database.max_pool_size
                    kwargs['pool_recycle'] = 3600
                engine = sqlalchemy.create_engine(url, **kwargs)
                if url.startswith('sqlite'):
                    event.listen(engine, 'connect', _set_sqlite_pragmas)
                _sessionmaker = orm.sessionmaker(bind=engine,
                                                 expire_on_commit=False)
                _engine = engine
    return _engine


def dispose():
    """Forget the engine (tests switch databases; forked workers)."""
    global _engine, _sessionmaker
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = _sessionmaker = None


@contextlib.contextmanager
def session_scope():
    """A session in one transaction: commit on success, roll back on error."""
    get_engine()
    session = _sessionmaker()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
