"""The real `openstack` CLI (python-openstackclient) against the service.

Without keystone the CLI takes the image API from ``--os-endpoint`` (which
must then be the versioned URL, ``.../v2``: that plugin skips version
discovery) or, next to a compute endpoint, from OS_IMAGE_ENDPOINT_OVERRIDE
(the root URL; discovery finds /v2).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

OPENSTACK = shutil.which('openstack', path=os.path.dirname(sys.executable)) \
    or shutil.which('openstack')


def _openstack(args, endpoint, token='admin:admin', env=None):
    cmd = [OPENSTACK, '--os-auth-type', 'admin_token', '--os-token', token,
           '--os-endpoint', endpoint] + args
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))
    assert proc.returncode == 0, (cmd, proc.stdout, proc.stderr)
    return json.loads(proc.stdout) if '-f' in args else proc.stdout


@pytest.fixture(scope='module')
def cli():
    if OPENSTACK is None:
        pytest.fail('python-openstackclient is not installed')
    return _openstack


def test_image_create_list_show_set_delete(cli, image_service, tmp_path):
    endpoint = image_service.endpoint + '/v2'
    data = os.urandom(2 * 1024 * 1024 + 5)
    path = tmp_path / 'disk.qcow2'
    path.write_bytes(data)

    created = cli(['image', 'create', '--file', str(path), '--disk-format',
                   'qcow2', '--container-format', 'bare', '--property',
                   'hw_disk_bus=virtio', '--min-ram', '64', 'cli-image',
                   '-f', 'json'], endpoint)
    assert created['status'] == 'active'
    assert created['checksum'] == hashlib.md5(data).hexdigest()
    assert created['size'] == len(data)

    listed = cli(['image', 'list', '-f', 'json'], endpoint)
    assert {'ID': created['id'], 'Name': 'cli-image',
            'Status': 'active'} in listed

    shown = cli(['image', 'show', 'cli-image', '-f', 'json'], endpoint)
    assert shown['id'] == created['id']
    assert shown['min_ram'] == 64
    assert shown['properties']['hw_disk_bus'] == 'virtio'

    cli(['image', 'set', '--property', 'os_distro=debian', '--name',
         'cli-image-2', 'cli-image'], endpoint)
    shown = cli(['image', 'show', created['id'], '-f', 'json'], endpoint)
    assert shown['name'] == 'cli-image-2'
    assert shown['properties']['os_distro'] == 'debian'

    saved = tmp_path / 'saved'
    cli(['image', 'save', '--file', str(saved), 'cli-image-2'], endpoint)
    assert saved.read_bytes() == data

    cli(['image', 'delete', 'cli-image-2'], endpoint)
    listed = cli(['image', 'list', '-f', 'json'], endpoint)
    assert created['id'] not in [i['ID'] for i in listed]


def test_endpoint_override_next_to_compute(cli, image_service, tmp_path):
    # What a user of the whole cloud types: compute endpoint plus the
    # image API's root URL; version discovery finds /v2.
    env = {'OS_IMAGE_ENDPOINT_OVERRIDE': image_service.endpoint}
    path = tmp_path / 'kernel'
    path.write_bytes(b'k' * 1000)
    created = cli(['image', 'create', '--file', str(path), '--disk-format',
                   'aki', '--container-format', 'aki', '--private',
                   'override-image', '-f', 'json'],
                  'http://127.0.0.1:1/v3', token='alice:proj1', env=env)
    assert created['owner'] == 'proj1'
    assert created['visibility'] == 'private'
    shown = cli(['image', 'show', 'override-image', '-f', 'json'],
                'http://127.0.0.1:1/v3', token='alice:proj1', env=env)
    assert shown['id'] == created['id']
    # Another project does not see it.
    proc = subprocess.run(
        [OPENSTACK, '--os-auth-type', 'admin_token', '--os-token',
         'bob:proj2', '--os-endpoint', image_service.endpoint + '/v2',
         'image', 'show', 'override-image'], capture_output=True, text=True,
        timeout=60)
    assert proc.returncode != 0
    assert 'No Image found' in proc.stderr or 'Could not find' in \
        proc.stderr or '404' in proc.stderr, proc.stderr
