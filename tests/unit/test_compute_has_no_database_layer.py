"""A compute host has no database: its objects run in the conductor
(issue 15). Starting minova-compute's code -- the service module, the
manager with either driver, every object registered -- must not import
SQLAlchemy, oslo.db's engine code, alembic or minova.db.api at all (a
fresh interpreter shows what an import really pulls in)."""

import json
import subprocess
import sys

_PROBE = r'''
import json, sys
import minova.conf
from minova import objects
import minova.cmd.compute
from minova.compute import manager
from minova.virt import driver
import minova.virt.fake
import minova.virt.libvirt.driver
objects.register_all()
minova.conf.CONF([], project='minova', default_config_files=[])
from minova import rpc
rpc.init(minova.conf.CONF, url='fake:/')
compute = manager.ComputeManager(
    driver=driver.load_compute_driver('fake.FakeDriver'))
print(json.dumps(sorted(m for m in sys.modules if m.startswith(
    ('sqlalchemy', 'oslo_db.sqlalchemy', 'alembic', 'minova.db.api',
     'minova.db.models', 'minova.db.session')))))
'''


def _modules_after(probe):
    out = subprocess.run([sys.executable, '-c', probe], check=True,
                         capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_compute_imports_no_database_layer():
    assert _modules_after(_PROBE) == []


def test_the_probe_sees_the_database_layer_where_it_is_used():
    """The same probe in a process that does call db.api (the conductor
    side) lists it: the check above can fail."""
    probe = _PROBE.replace(
        'print(', 'from minova.objects import flavor\n'
        'flavor.db.row_get\nprint(', 1)
    assert 'minova.db.api' in _modules_after(probe)
