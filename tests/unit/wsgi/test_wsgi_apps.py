"""minova.wsgi.osapi_compute / image_api: what uwsgi and mod_wsgi load.

Each module is imported in a child process (importing it patches the
process for eventlet, which the test process must not be) with its
configuration from OS_MINOVA_CONFIG_DIR, and answers requests.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from minova.wsgi import app

_CHILD = textwrap.dedent('''
    import importlib, json, sys
    import webob
    module = importlib.import_module(sys.argv[1])
    from minova.db import migration
    for chain in migration.CHAINS.values():
        migration.db_sync(chain=chain)
    answers = {}
    for path in sys.argv[2:]:
        req = webob.Request.blank(path, headers={'X-Auth-Token': 'u:p',
                                                 'Accept': 'application/json'})
        answers[path] = req.get_response(module.application).status_int
    print(json.dumps(answers))
''')


def test_config_files_from_the_environment(tmp_path):
    (tmp_path / 'minova.conf').write_text('')
    (tmp_path / 'extra.conf').write_text('')
    assert app.config_files({'OS_MINOVA_CONFIG_DIR': str(tmp_path)}) == [
        str(tmp_path / 'minova.conf')]
    assert app.config_files({
        'OS_MINOVA_CONFIG_DIR': str(tmp_path),
        'OS_MINOVA_CONFIG_FILES': 'extra.conf; missing.conf;minova.conf',
    }) == [str(tmp_path / 'extra.conf'), str(tmp_path / 'minova.conf')]


@pytest.mark.parametrize('module,paths', [
    ('minova.wsgi.osapi_compute', {'/': 200, '/v2.1/flavors': 200,
                                   '/v2.1/os-nothing': 404}),
    ('minova.wsgi.image_api', {'/': 300, '/v2/images': 200,
                               '/v2/nothing': 404}),
])
def test_module_serves_its_api(tmp_path, module, paths):
    (tmp_path / 'minova.conf').write_text(textwrap.dedent('''
        [DEFAULT]
        state_path = %(state)s
        transport_url = fake:/
        [database]
        connection = sqlite:///%(state)s/minova.sqlite
        [image_api]
        store_path = %(state)s/images
    ''' % {'state': tmp_path}))
    env = dict(os.environ, OS_MINOVA_CONFIG_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, '-c', _CHILD, module] + list(paths), env=env,
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers == paths
