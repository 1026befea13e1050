"""minova-compute: the hypervisor side. It has no database connection:
every object method it calls runs in the conductor."""

import sys

from minova.compute import manager
from minova.compute import rpcapi
from minova.conductor import rpcapi as conductor_rpcapi
from minova import config
import minova.conf
import minova.db
from minova import objects
from minova.objects import base as objects_base
from minova import service

CONF = minova.conf.CONF


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    minova.db.forbid_database()
    # Even a configured connection is ignored: compute reaches the
    # database only through the conductor.
    CONF.set_override('connection', None, group='database')
    objects_base.MinovaObject.indirection_api = \
        conductor_rpcapi.ConductorAPI()
    if CONF.compute_driver.startswith('libvirt'):
        # The guests' bridges (minova.privsep.linux_net) and filters
        # (minova.privsep.firewall). Imported here: oslo.privsep and cffi
        # are of no use to a host on the fake driver.
        from minova import privsep
        privsep.start()
    compute = manager.ComputeManager()
    service.serve(service.Service('minova-compute', rpcapi.RPC_TOPIC,
                                  endpoints=[compute], manager=compute))


if __name__ == '__main__':
    sys.exit(main())
