"""Where the SQL database is (SQLite under state_path by default)."""

from oslo_config import cfg

database_group = cfg.OptGroup('database', title='Database options')

database_opts = [
    cfg.StrOpt('connection', secret=True,
               help='SQLAlchemy URL of the database, e.g. '
                    '``mysql+pymysql://root@127.0.0.1/minova`` or '
                    '``postgresql+psycopg2://postgres@127.0.0.1/minova``. '
                    'Empty means ``sqlite:///$state_path/minova.sqlite``. '
                    'minova-compute never uses it: it reaches the database '
                    'through the conductor.'),
    cfg.IntOpt('max_pool_size', default=10, min=1,
               help='Connections kept open per process.'),
    cfg.BoolOpt('connection_debug', default=False,
                help='Log every SQL statement.'),
]


def register_opts(conf):
    conf.register_group(database_group)
    conf.register_opts(database_opts, group=database_group)


def list_opts():
    return {database_group.name: database_opts}
