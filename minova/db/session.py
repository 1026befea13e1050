"""One oslo.db transaction context per process, and sessions from it.

The context (oslo.db's enginefacade) is made on first use from the
[database] options; a process with no connection configured
(minova-compute) gets DBNotConfigured instead of a silent SQLite file.
oslo.db's engine pings a pooled connection before use and reconnects one
that the server dropped (a MariaDB restart), and turns driver errors into
``oslo_db.exception`` classes (DBDuplicateEntry, DBDeadlock, ...).
``retry_on_deadlock`` marks every query function (one transaction
each): a deadlock victim or a connection lost in a database restart runs
again.
"""

import contextlib
import contextvars
import functools
import os
import re
import threading

from oslo_db import api as oslo_db_api
from oslo_db.sqlalchemy import enginefacade
from sqlalchemy import event
from sqlalchemy import exc as sqla_exc

from minova import concurrency
import minova.conf
import minova.db
from minova.db import pymysql_tls
from minova import exception

CONF = minova.conf.CONF

_lock = threading.Lock()
_context_manager = None
# The session of the enclosing one_transaction(), per thread/greenthread.
_shared_session = contextvars.ContextVar('minova_db_shared_session',
                                         default=None)


def connection_url():
    url = CONF.database.connection
    if url:
        return url
    if minova.db.database_forbidden():
        raise exception.DBNotConfigured()
    os.makedirs(CONF.state_path, exist_ok=True)
    return 'sqlite:///%s' % os.path.join(CONF.state_path, 'minova.sqlite')


def _set_sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    # WAL lets readers in other processes go on while one process writes.
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.close()


def _begin_immediate(connection):
    """SQLite: take the write lock when the transaction begins (waiting
    up to the busy time-out) rather than at its first write, where WAL
    fails at once if another process wrote since the transaction read."""
    if 'in_transaction' not in connection.info:   # oslo.db's marker
        connection.exec_driver_sql('BEGIN IMMEDIATE')
        connection.info['in_transaction'] = True


def _on_engine_create(engine):
    if engine.dialect.name == 'sqlite':
        event.listen(engine, 'connect', _set_sqlite_pragmas)
        # In place of oslo.db's plain BEGIN (same marker, same clean-up).
        for listener in list(engine.dispatch.begin):
            event.remove(engine, 'begin', listener)
        event.listen(engine, 'begin', _begin_immediate)
        # oslo.db tested the engine with a connection made before the
        # listener: drop it so that every pooled connection has the pragmas.
        engine.dispose()


def _transaction_context():
    global _context_manager
    if _context_manager is None:
        with _lock:
            if _context_manager is None:
                url = connection_url()
                concurrency.green_database_driver(url)
                if url.startswith('mysql+pymysql'):
                    pymysql_tls.share()
                manager = enginefacade.transaction_context()
                settings = {'connection': url}
                if url.startswith('sqlite'):
                    # Other processes write the same file: wait for their
                    # lock instead of failing at once.
                    settings.update(
                        sqlite_fk=True,
                        connection_parameters='timeout=30&'
                                              'check_same_thread=false')
                manager.configure(**settings)
                manager.append_on_engine_create(_on_engine_create)
                _context_manager = manager
    return _context_manager


class _Scope:
    """What enginefacade hangs one transaction on (minova's functions
    take no request context)."""


def get_engine():
    return _transaction_context().writer.get_engine()


def dispose():
    """Forget the engine (tests switch databases; forked workers)."""
    global _context_manager
    with _lock:
        if _context_manager is not None and _context_manager.is_started:
            _context_manager.dispose_pool()
        _context_manager = None


@contextlib.contextmanager
def session_scope():
    """A writer session in one transaction: commit on success, roll back
    on error (inside one_transaction(): its session)."""
    shared = _shared_session.get()
    if shared is not None:
        yield shared
        return
    with _transaction_context().writer.using(_Scope()) as session:
        yield session


@contextlib.contextmanager
def reader_scope():
    """A session for reads only (a replica's, where one is configured as
    [database] slave_connection; inside one_transaction(): its session)."""
    shared = _shared_session.get()
    if shared is not None:
        yield shared
        return
    with _transaction_context().reader.using(_Scope()) as session:
        yield session


@contextlib.contextmanager
def one_transaction():
    """Every session_scope() and reader_scope() inside shares one session
    and transaction, committed at the end (rolled back on error): the
    reads of one API request take one connection and see one snapshot
    instead of paying a checkout, BEGIN and COMMIT each. Nests."""
    if _shared_session.get() is not None:
        yield
        return
    with session_scope() as session:
        token = _shared_session.set(session)
        try:
            yield
        finally:
            _shared_session.reset(token)


# What the drivers say when the server is down, going down or coming
# up. oslo.db turns only some into DBConnectionError: its PostgreSQL
# pattern is libpq's old "could not connect to server", and libpq 14+
# says 'connection to server at "..." failed: Connection refused'.
_CONNECTION_LOST = re.compile(
    r'Connection refused|the database system is (shutting down|starting '
    r'up|in recovery mode)|server closed the connection unexpectedly|'
    r'terminating connection due to administrator command|'
    r"Can't connect to (MySQL|MariaDB) server|Lost connection to "
    r'(MySQL|MariaDB) server|(MySQL|MariaDB) server has gone away')


def is_connection_lost(error):
    """A driver error (raw or wrapped by oslo.db) saying the database
    server cannot be reached now: worth another try once it is back."""
    error = getattr(error, 'inner_exception', None) or error
    return isinstance(error, sqla_exc.OperationalError) and \
        bool(_CONNECTION_LOST.search(str(error)))


def retry_on_deadlock(func):
    """Run ``func`` again, up to 12 times (1 s, then 2 s apart: 23 s in
    all, so the work goes on within 2 s of a restarted server's return,
    where 8 or 10 s apart left every heartbeat too old), when
    the database chose its transaction as a deadlock victim (MariaDB,
    PostgreSQL), SQLite's file stayed locked, or the connection was lost
    (the server restarted: oslo.db reconnects); ``func`` must be one
    whole transaction. The reads are marked too: the work of a service
    (a build scheduled, an address handed out) waits out a short
    database restart instead of failing.

    Inside one_transaction() ``func`` is a part of the enclosing
    transaction, which a lost connection or a deadlock ended as a whole:
    it runs once, and the error goes up to the transaction's owner."""
    retrying = oslo_db_api.wrap_db_retry(max_retries=12, retry_interval=1,
                                         inc_retry_interval=True,
                                         max_retry_interval=2,
                                         retry_on_deadlock=True,
                                         retry_on_disconnect=True,
                                         exception_checker=is_connection_lost
                                         )(func)

    @functools.wraps(func)
    def run(*args, **kwargs):
        if _shared_session.get() is not None:
            return func(*args, **kwargs)
        return retrying(*args, **kwargs)
    return run


def retried_transaction(func):
    """``func`` as one transaction (the query functions it calls share
    one_transaction()'s session), run again as a whole, as
    retry_on_deadlock runs a query function, when a deadlock or a lost
    connection ended it; inside an enclosing one_transaction() it is a
    part of that one and runs once."""
    @functools.wraps(func)
    def whole(*args, **kwargs):
        with one_transaction():
            return func(*args, **kwargs)
    return retry_on_deadlock(whole)
