"""minova-scheduler: picks a host for every instance."""

import sys

from minova import config
from minova import objects
from minova.scheduler import manager
from minova.scheduler import rpcapi
from minova import service


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    scheduler = manager.SchedulerManager()
    service.serve(service.Service('minova-scheduler', rpcapi.RPC_TOPIC,
                                  endpoints=[scheduler], manager=scheduler))


if __name__ == '__main__':
    sys.exit(main())
