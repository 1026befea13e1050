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
    tasks = manager.ComputeTaskManager()
    service.serve(service.Service(
        'minova-conductor', minova.conf.CONF.conductor.topic,
        endpoints=[manager.ConductorManager(), tasks], manager=tasks))


if __name__ == '__main__':
    sys.exit(main())
