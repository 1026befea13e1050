"""Parsing the command line and config files; set-up every service does."""

from oslo_log import log as logging

import minova.conf
from minova import rpc
from minova import version

CONF = minova.conf.CONF

_DEFAULT_LOG_LEVELS = ['amqp=WARN', 'amqplib=WARN', 'kombu=WARN',
                       'oslo_messaging=INFO', 'oslo_policy=INFO',
                       'sqlalchemy=WARN', 'routes=WARN', 'stevedore=WARN',
                       'keystonemiddleware=WARN', 'urllib3=WARN',
                       'requests=WARN', 'eventlet.wsgi.server=WARN',
                       'oslo.messaging._drivers.impl_rabbit=WARN',
                       'oslo_messaging._drivers.amqpdriver=WARN',
                       'oslo.privsep=INFO', 'alembic=WARN']

# Every line carries the request id, so one grep follows a request through
# the api, conductor, scheduler and compute logs.
_CONTEXT_FORMAT = ('%(asctime)s.%(msecs)03d %(process)d %(levelname)s '
                   '%(name)s [%(global_request_id)s %(request_id)s '
                   '%(user_identity)s] %(instance)s%(message)s')

logging.register_options(CONF)


def parse_args(argv, default_config_files=None, init_rpc=True):
    logging.set_defaults(default_log_levels=_DEFAULT_LOG_LEVELS,
                         logging_context_format_string=_CONTEXT_FORMAT)
    rpc.set_defaults(control_exchange='minova')
    CONF(argv[1:], project='minova', version=version.VERSION,
         default_config_files=default_config_files)
    logging.setup(CONF, 'minova')
    if init_rpc:
        rpc.init(CONF)
