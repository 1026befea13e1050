"""Builders the /servers tests share: request bodies, instances in a
given state, recorders for RPC methods and the rows a request left
behind. The fixtures built on them are in conftest.py."""

from oslo_utils import uuidutils
import sqlalchemy as sa

from minova.db import models
from minova.db import session as db_session
from tests.unit.api import fakes

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
INACTIVE_IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c'
BIG_IMAGE = 'c905cedb-7281-47e4-8a62-f26bc5fc4c77'
SERVERS = '/v2.1/servers'
MISSING = '9b3b2a6c-7c1f-4d2e-9a51-0f3c1e2d4b5a'   # no such server


def image(image_id=IMAGE, status='active', min_ram=0, min_disk=0,
          properties=None):
    return {'id': image_id, 'status': status, 'min_ram': min_ram,
            'min_disk': min_disk, 'properties': properties or {}}


IMAGES = {IMAGE: image(),
          INACTIVE_IMAGE: image(INACTIVE_IMAGE, status='queued'),
          BIG_IMAGE: image(BIG_IMAGE, min_ram=4096)}


class Recorder:
    """Stands in for an RPC client method and remembers its calls."""

    def __init__(self, result=None):
        self.calls = []
        self.result = result

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.result


def body(**server):
    """A create body; ``server`` adds to or overrides the minimal one."""
    values = {'name': 'vm', 'flavorRef': '1', 'imageRef': IMAGE}
    values.update(server)
    return {'server': {k: v for k, v in values.items() if v is not None}}


def row_counts():
    """How many instance, BDM and instance action rows exist (any state)."""
    counts = {}
    with db_session.session_scope() as session:
        for model in (models.Instance, models.BlockDeviceMapping,
                      models.InstanceAction):
            counts[model.__tablename__] = session.execute(
                sa.select(sa.func.count()).select_from(model)).scalar()
    return counts


NO_ROWS = {'instances': 0, 'block_device_mapping': 0, 'instance_actions': 0}


def server(flavor_obj, vm_state='active', task_state=None, host='host1',
           **kwargs):
    """An instance row as a finished build would leave it."""
    values = dict(vm_state=vm_state, task_state=task_state, host=host,
                  node=host, flavor=flavor_obj, image_ref=IMAGE,
                  instance_type_id=flavor_obj.id, power_state=1,
                  memory_mb=flavor_obj.memory_mb, vcpus=flavor_obj.vcpus,
                  root_gb=flavor_obj.root_gb, metadata={},
                  system_metadata={}, tags=[], locked=False,
                  display_description=None, launch_index=0,
                  reservation_id='r-%s' % uuidutils.generate_uuid()[:8])
    values.update(kwargs)
    return fakes.instance(**values)
