"""minova-api at its start loads no virt driver (libvirt, privsep, the
network drivers) and no cryptography (only key pair requests need it):
they were 20 MB of its idle RSS (issue 15). A fresh interpreter shows
what building the API's paste pipeline really pulls in."""

import json
import subprocess
import sys

_PROBE = r'''
import json, sys
import minova.conf
from minova import objects
import minova.cmd.api
minova.conf.CONF([], project='minova', default_config_files=[])
objects.register_all()
from minova import rpc
rpc.init(minova.conf.CONF, url='fake:/')
from minova.api import app
app.load_app()
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in (
    'libvirt', 'oslo_privsep', 'cryptography') or m.startswith(
    ('minova.virt.libvirt', 'minova.privsep', 'minova.crypto')))))
'''


def _modules_after(probe):
    out = subprocess.run([sys.executable, '-c', probe], check=True,
                         capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_api_pipeline_imports_no_driver_nor_cryptography():
    assert _modules_after(_PROBE) == []


def test_the_probe_sees_what_a_key_pair_request_loads():
    """The same probe after the import a key pair request makes lists
    cryptography: the check above can fail."""
    probe = _PROBE.replace('print(', 'from minova import crypto\nprint(', 1)
    modules = _modules_after(probe)
    assert 'cryptography' in modules and 'minova.crypto' in modules
