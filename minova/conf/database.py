"""Where the SQL database is, and how minova's processes use it: the
[database] options are oslo.db's (connection, pools, connect retries);
minova only sets its defaults.

``connection`` empty means ``sqlite:///$state_path/minova.sqlite``.
minova-compute never uses it: it reaches the database through the
conductor.
"""

import copy

from oslo_db import options as db_options

_MAX_POOL_SIZE = 10

# oslo.db's reconnect behaviour, set rather than left to its defaults: a
# service that starts before its database keeps trying (-1) every 2 s; a
# pooled connection the server dropped (a MariaDB or PostgreSQL restart)
# is pinged, found dead and replaced by oslo.db before use, and is never
# kept for more than 10 minutes; the writes that may race retry on a lost
# connection as on a deadlock (db/session.py: retry_on_deadlock).
RECONNECT_DEFAULTS = {
    'max_retries': -1,
    'retry_interval': 2,
    'connection_recycle_time': 600,
}


def register_opts(conf):
    db_options.set_defaults(conf, max_pool_size=_MAX_POOL_SIZE)
    for name, value in RECONNECT_DEFAULTS.items():
        conf.set_default(name, value, group='database')


def list_opts():
    opts = copy.deepcopy(db_options.database_opts)
    for opt in opts:
        if opt.dest == 'max_pool_size':
            opt.default = _MAX_POOL_SIZE
        if opt.dest in RECONNECT_DEFAULTS:
            opt.default = RECONNECT_DEFAULTS[opt.dest]
    return {'database': opts}
