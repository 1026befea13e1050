"""minova-conductor: build orchestration and the database for compute."""

import sys

from minova import config
from minova.conductor import manager
import minova.conf
from minova import objects
from minova import service


def main():
    config.parse_args(sys.argv)
    objects.register_all()
    conf = minova.conf.CONF.conductor
    tasks = manager.ComputeTaskManager()
    server = service.Service(
        'minova-conductor', conf.topic,
        endpoints=[manager.ConductorManager(), tasks],
        periodic_tasks=[(tasks.fail_stale_builds,
                         conf.stale_build_check_interval)])
    service.serve(server)


if __name__ == '__main__':
    sys.exit(main())
