"""minova-network: fixed IPs, MACs, bridges and DHCP for every server."""

import sys

from minova import config
import minova.conf
from minova.network import manager
from minova.network import rpcapi
from minova import objects
from minova import service

CONF = minova.conf.CONF


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    network = manager.NetworkManager()
    server = service.Service(
        'minova-network', rpcapi.RPC_TOPIC, endpoints=[network],
        manager=network,
        periodic_tasks=[(network.sync_host, CONF.network.host_sync_interval)])
    service.serve(server)


if __name__ == '__main__':
    sys.exit(main())
