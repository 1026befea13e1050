"""RabbitMQ heartbeats and reconnects, and oslo.db's reconnects, are set
explicitly (minova/rpc.py, minova/conf/database.py)."""

from oslo_config import cfg
from oslo_db import exception as db_exc

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
