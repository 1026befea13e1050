"""Entry point for oslo-config-generator (the sample minova.conf)."""

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

_MODULES = (api, compute, conductor, database, fake_driver, glance,
            image_api, libvirt, metadata, metrics, moves, network, paths,
            quota, scheduler, service, service_user, timeline)


def list_opts():
    groups = {}
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            groups.setdefault(group, []).extend(opts)
    return sorted(groups.items(), key=lambda item: item[0])
