"""A user drives a real cloud with the minova CLI, the openstack client
and the nova client. The command blocks of README.md marked
``<!-- tested: NAME -->`` run here exactly as written, only with this
cloud's ports."""

import json
import os
import re
import subprocess
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def readme_block(name):
    with open(os.path.join(TOP, 'README.md')) as readme:
        text = readme.read()
    match = re.search(r'<!-- tested: %s -->\s*```sh\n(.*?)```' % name, text,
                      re.S)
    assert match, 'README.md has no block "tested: %s"' % name
    return match.group(1)


def clean_env():
    """No OS_* variables of whoever runs the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env['PATH'] = BIN + os.pathsep + env.get('PATH', '')
    return env


NETWORK = os.path.exists(os.path.join(BIN, 'minova-network'))


@pytest.fixture(scope='module')
def cloud(make_cloud):
    # Servers get a fixed IP when minova-network is part of the tree; its
    # noop driver touches nothing on this host.
    conf = {'network': {'network_driver': 'noop'}} if NETWORK else {}
    c = make_cloud(computes={'host1': {}}, conf=conf)
    if NETWORK:
        c.create_network('private', '10.20.30.0/24')
    c.create_flavor('42', 'm1.nano', ram=128, disk=1, vcpus=1)
    c.create_image(name='minova-demo')
    return c


def run_readme_block(cloud, name, tmp_path):
    script = readme_block(name)
    script = script.replace('127.0.0.1:8774', cloud.endpoint[7:])
    script = script.replace('127.0.0.1:9292', cloud.image_endpoint[7:])
    result = subprocess.run(['bash', '-euxo', 'pipefail', '-c', script],
                            cwd=str(tmp_path), env=clean_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, '%s\n%s' % (result.stdout[-6000:],
                                               result.stderr[-6000:])
    return result


def minova(cloud, *args, token='demo:demo', check=True):
    env = clean_env()
    env.update(OS_TOKEN=token,
               OS_COMPUTE_ENDPOINT_OVERRIDE=cloud.endpoint + '/v2.1',
               OS_IMAGE_ENDPOINT_OVERRIDE=cloud.image_endpoint)
    result = subprocess.run([os.path.join(BIN, 'minova')] + list(args),
                            env=env, capture_output=True, text=True,
                            timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_readme_minova_cli_walkthrough(cloud, tmp_path):
    result = run_readme_block(cloud, 'minova-cli', tmp_path)
    assert 'Uploading [########################] 100%' in result.stderr
    assert 'Server vm1 ACTIVE' in result.stderr
    assert '2 servers: 2 ACTIVE' in result.stderr
    assert 'BEGIN' in (tmp_path / 'mykey.pem').read_text()
    servers = minova(cloud, 'list', '--json').stdout
    assert json.loads(servers) == []


def test_readme_openstack_client(cloud, tmp_path):
    result = run_readme_block(cloud, 'openstack', tmp_path)
    assert 'fake guest' in result.stdout   # console log show
    assert 'my-image-2' in result.stdout
    assert minova(cloud, 'show', 'vm2', check=False).returncode == 1


def test_readme_nova_client(cloud, tmp_path):
    result = run_readme_block(cloud, 'nova', tmp_path)
    assert 'Finished' in result.stdout   # nova boot --poll
    assert 'fake guest' in result.stdout   # nova console-log
    assert 'mykey3' in result.stdout


def test_nova_boot_image_lookup_limitation_is_as_documented(cloud):
    """README says why ``nova boot --image`` cannot work without a
    catalog: novaclient asks the compute endpoint for /v2/images/ID."""
    env = clean_env()
    endpoint = cloud.endpoint + '/v2.1'
    env.update(OS_AUTH_TYPE='admin_token', OS_TOKEN='demo:demo',
               OS_PROJECT_ID='demo', OS_ENDPOINT=endpoint,
               OS_AUTH_URL=endpoint)
    image = minova(cloud, 'image-show', '-f', 'value', '-c', 'id',
                   'minova-demo').stdout.strip()
    result = subprocess.run(['nova', 'boot', '--flavor', 'm1.nano',
                             '--image', image, 'never'], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert 'The resource could not be found. (HTTP 404)' in result.stderr
    assert 'never' not in minova(cloud, 'list').stdout


def test_minova_errors_are_one_line_and_non_zero(cloud):
    result = minova(cloud, 'show', 'nosuch', check=False)
    assert result.returncode == 1 and result.stdout == ''
    assert result.stderr == ("ERROR (CommandError): No server with a name "
                             "or ID of 'nosuch' exists.\n")
    result = minova(cloud, 'flavor-create', 'x', '9', '64', '1', '1',
                    check=False)   # demo is not an admin
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith('ERROR (Forbidden): ')
    assert 'Request-ID: req-' in result.stderr
    result = minova(cloud, 'boot', 'x', '--flavor', 'm1.nano', '--image',
                    'minova-demo', '--nic', 'net-id=nosuch,v4-fixed-ip=1',
                    check=False)
    assert result.returncode == 1 and result.stderr.startswith('ERROR')
    env = clean_env()
    env['OS_COMPUTE_ENDPOINT_OVERRIDE'] = 'http://127.0.0.1:9/v2.1'
    result = subprocess.run([os.path.join(BIN, 'minova'), '--os-token',
                             'demo:demo', 'list'], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == ('ERROR: unable to connect to '
                             'http://127.0.0.1:9/v2.1: is the service '
                             'running?\n')


def test_minova_admin_views_and_json(cloud):
    services = json.loads(minova(cloud, 'service-list', '--json',
                                 token='admin:admin').stdout)
    assert {s['Binary'] for s in services if s['State'] == 'up'} >= {
        'minova-conductor', 'minova-scheduler', 'minova-compute'}
    hypervisors = json.loads(minova(cloud, '--json', 'hypervisor-list',
                                    token='admin:admin').stdout)
    assert [h['Hypervisor hostname'] for h in hypervisors] == ['host1']
    shown = json.loads(minova(cloud, 'hypervisor-show', 'host1', '--json',
                              token='admin:admin').stdout)
    assert shown['hypervisor_hostname'] == 'host1'
    flavor = json.loads(minova(cloud, 'flavor-create', 'm1.cli', 'auto',
                               '64', '1', '1', '--json',
                               token='admin:admin').stdout)
    assert flavor['name'] == 'm1.cli' and flavor['ram'] == 64
    minova(cloud, 'flavor-delete', 'm1.cli', token='admin:admin')
    result = minova(cloud, 'network-list', check=False)
    # A list once minova-network serves /os-networks, a clear line before.
    assert result.returncode == 0 or result.stderr.startswith(
        'ERROR (NotFound): this compute API has no /os-networks')


@pytest.mark.skipif(not NETWORK, reason='no minova-network in this tree')
def test_minova_boot_on_a_network_with_a_fixed_ip(cloud):
    [network] = json.loads(minova(cloud, 'network-list', '--json').stdout)
    assert network['Label'] == 'private'
    minova(cloud, 'boot', 'fixed', '--flavor', 'm1.nano', '--image',
           'minova-demo', '--nic',
           'net-id=%s,v4-fixed-ip=10.20.30.50' % network['ID'], '--poll')
    shown = json.loads(minova(cloud, 'show', 'fixed', '--json').stdout)
    assert shown['private network'] == '10.20.30.50'
    listed = minova(cloud, 'list', '--name', 'fixed').stdout
    assert 'private=10.20.30.50' in listed
    minova(cloud, 'delete', '--wait', 'fixed')
