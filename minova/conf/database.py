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


def register_opts(conf):
    db_options.set_defaults(conf, max_pool_size=_MAX_POOL_SIZE)


def list_opts():
    opts = copy.deepcopy(db_options.database_opts)
    for opt in opts:
        if opt.dest == 'max_pool_size':
            opt.default = _MAX_POOL_SIZE
    return {'database': opts}
