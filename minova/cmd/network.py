"""minova-network: fixed IPs, MACs, bridges and DHCP for every server."""

import sys

from minova import config
from minova.network import manager
from minova.network import rpcapi
from minova import objects
from minova import privsep
from minova import service


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    if config.CONF.network.network_driver != 'noop':
        privsep.start()
    network = manager.NetworkManager()
    service.serve(service.Service('minova-network', rpcapi.RPC_TOPIC,
                                  endpoints=[network], manager=network))


if __name__ == '__main__':
    sys.exit(main())
