"""PyMySQL connections without TLS options share one PREFERRED-mode TLS
context (minova/db/pymysql_tls.py); those with options keep their own.
``defer_connect`` builds the connection object, context included,
without a server."""

import subprocess
import sys

from pymysql import connections

from minova.db import pymysql_tls


def _connection(**kwargs):
    return connections.Connection(host='127.0.0.1', user='root',
                                  defer_connect=True, **kwargs)


def test_preferred_mode_connections_share_one_context():
    pymysql_tls.share()
    pymysql_tls.share()         # twice changes nothing
    first, second = _connection(), _connection()
    assert first.ssl and not first._ssl_required
    assert first.ctx is second.ctx


def test_connections_with_tls_options_get_their_own():
    pymysql_tls.share()
    first = _connection(ssl={'cipher': 'HIGH'})
    second = _connection(ssl={'cipher': 'HIGH'})
    assert first._ssl_required
    assert first.ctx is not second.ctx
    assert first.ctx is not _connection().ctx


_PROBE = r'''
import sys
import subprocess
import sys

from pymysql import connections
import minova.conf
from minova.db import session
minova.conf.CONF([], project='minova', default_config_files=[])
minova.conf.CONF.set_override(
    'connection', sys.argv[1] + '://root@127.0.0.1/none', group='database')
session._transaction_context()      # makes no connection yet
made = [connections.Connection(host='127.0.0.1', defer_connect=True)
        for _ in range(2)]
print(made[0].ctx is made[1].ctx)
'''


def _shared_after_setup(driver):
    out = subprocess.run([sys.executable, '-c', _PROBE, driver], check=True,
                         capture_output=True, text=True, timeout=60)
    return out.stdout.split()[-1] == 'True'


def test_the_session_of_a_pymysql_database_shares_it():
    """In a fresh interpreter: minova.db.session sets it up for a
    PyMySQL connection URL, and only for one."""
    assert _shared_after_setup('mysql+pymysql')
    assert not _shared_after_setup('sqlite')
