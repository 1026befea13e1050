"""What a service really imports when it starts: ``minova.cmd.<name>``'s
``main()`` runs in a fresh interpreter, as the console script would,
with a configuration of its own (oslo.messaging's fake transport, SQLite
in a temporary directory). Only the service loop is left out: where
``main()`` would block in ``minova.service.serve``, the probe prints the
imported modules and exits."""

import configparser
import json
import subprocess
import sys

_PROBE = r'''
import importlib, json, sys
conf_path, name, prefixes, after = sys.argv[1:5]
prefixes = tuple(json.loads(prefixes))
cmd = importlib.import_module('minova.cmd.' + name)
from minova import service


def serve(server):
    # What serve() itself imports (the metrics server with [metrics]).
    from minova.wsgi import server as wsgi_server  # noqa: F401
    exec(after)
    print(json.dumps(sorted(m for m in sys.modules
                            if m.startswith(prefixes))))
    sys.stdout.flush()
    raise SystemExit(0)


service.serve = serve
sys.argv = ['minova-' + name, '--config-file', conf_path]
cmd.main()
'''


def write_conf(tmp_path, **sections):
    conf = configparser.ConfigParser(interpolation=None)
    conf.read_dict({
        'DEFAULT': {'transport_url': 'fake:/', 'state_path': str(tmp_path),
                    'host': 'probe', 'compute_driver': 'fake.FakeDriver',
                    'firewall_driver': 'noop'},
        'database': {'connection': 'sqlite:///%s/probe.sqlite' % tmp_path},
        'network': {'network_driver': 'noop'},
        'image_api': {'store_path': str(tmp_path / 'images')},
    })
    conf.read_dict(sections)
    path = tmp_path / 'probe.conf'
    with open(path, 'w') as out:
        conf.write(out)
    return str(path)


def modules_at_start(tmp_path, name, prefixes, after='', **sections):
    """The imported modules starting with one of ``prefixes`` when
    minova-``name`` is about to serve; ``after`` is code run first there
    (what a later request would import)."""
    conf = write_conf(tmp_path, **sections)
    out = subprocess.run(
        [sys.executable, '-c', _PROBE, conf, name, json.dumps(prefixes),
         after], check=True, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])
