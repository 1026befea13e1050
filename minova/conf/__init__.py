"""All of minova's configuration options, one module per option group.

Modules register their options on the global ``CONF`` at import time, as in
Nova; services then parse the command line and config files once in
``minova.config.parse_args``.
"""

from oslo_config import cfg

from minova.conf import api
from minova.conf import compute
from minova.conf import conductor
from minova.conf import database
from minova.conf import fake_driver
from minova.conf import glance
from minova.conf import image_api
from minova.conf import libvirt
from minova.conf import metadata
from minova.conf import metrics
from minova.conf import moves
from minova.conf import network
from minova.conf import paths
from minova.conf import quota
from minova.conf import scheduler
from minova.conf import service
from minova.conf import service_user
from minova.conf import timeline

CONF = cfg.CONF

for _module in (api, compute, conductor, database, fake_driver, glance,
                image_api, libvirt, metadata, metrics, moves, network, paths,
                quota, scheduler, service, service_user, timeline):
    _module.register_opts(CONF)
