"""RabbitMQ heartbeats and reconnects, and oslo.db's reconnects, are set
explicitly (minova/rpc.py, minova/conf/database.py)."""

from oslo_config import cfg
from oslo_db import exception as db_exc
import pytest

from minova.conf import database
from minova.db import session as db_session
from minova import rpc


def test_rabbit_heartbeat_and_reconnect_options():
    conf = cfg.ConfigOpts()
    rpc.set_rabbit_defaults(conf)
    conf([], project='minova', default_config_files=[])
    rabbit = conf.oslo_messaging_rabbit
    assert rabbit.heartbeat_timeout_threshold == 30
    assert rabbit.heartbeat_rate == 3
    assert rabbit.rabbit_retry_interval == 1
    assert rabbit.rabbit_interval_max == 10
    assert rabbit.kombu_reconnect_delay == 1.0


def test_database_reconnect_options():
    conf = cfg.ConfigOpts()
    database.register_opts(conf)
    conf([], project='minova', default_config_files=[])
    assert conf.database.max_retries == -1
    assert conf.database.retry_interval == 2
    assert conf.database.connection_recycle_time == 600
    sample = {opt.dest: opt.default for opt in
              database.list_opts()['database']}
    assert sample['max_retries'] == -1


def test_a_write_retries_a_lost_connection():
    attempts = []

    @db_session.retry_on_deadlock
    def write():
        attempts.append(1)
        if len(attempts) < 2:
            raise db_exc.DBConnectionError('server has gone away')
        return 'written'
    assert write() == 'written' and len(attempts) == 2


class _DriverError(Exception):
    pass


def _operational(message):
    import sqlalchemy.exc
    return sqlalchemy.exc.OperationalError('UPDATE instances', {},
                                           _DriverError(message))


def test_a_write_retries_while_the_server_restarts(monkeypatch):
    """libpq 14+'s words for a server that is down or going down, which
    oslo.db leaves unwrapped, are retried too."""
    from oslo_db import api as oslo_db_api
    monkeypatch.setattr(oslo_db_api.time, 'sleep', lambda seconds: None)
    errors = [_operational('FATAL:  the database system is shutting down'),
              _operational('connection to server at "127.0.0.1", port '
                           '5432 failed: Connection refused'),
              db_exc.DBError(_operational('server closed the connection '
                                          'unexpectedly'))]
    attempts = []

    @db_session.retry_on_deadlock
    def write():
        attempts.append(1)
        if errors:
            raise errors.pop(0)
        return 'written'
    assert write() == 'written' and len(attempts) == 4


def test_other_operational_errors_are_not_retried(monkeypatch):
    import sqlalchemy.exc
    attempts = []

    @db_session.retry_on_deadlock
    def write():
        attempts.append(1)
        raise _operational('no such column: instances.nothing')
    with pytest.raises(sqlalchemy.exc.OperationalError):
        write()
    assert len(attempts) == 1
    assert not db_session.is_connection_lost(ValueError('Connection '
                                                        'refused'))
