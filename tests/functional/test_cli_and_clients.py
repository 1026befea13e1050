"""A user drives a real cloud (fake driver) with the minova CLI, the
openstack client, the nova client and curl. The command blocks of
README.md marked ``<!-- tested: NAME -->`` run here exactly as written,
only with this cloud's ports (tests/functional/readme.py); test_devstack.py
runs them again on a libvirt stack."""

import json
import os
import subprocess
import sys

import pytest

from tests.functional import readme

BIN = readme.BIN
clean_env = readme.clean_env
NETWORK = os.path.exists(os.path.join(BIN, 'minova-network'))


@pytest.fixture(scope='module')
def cloud(make_cloud):
    # Servers get a fixed IP when minova-network is part of the tree; its
    # noop driver touches nothing on this host.
    conf = {'network': {'network_driver': 'noop'}} if NETWORK else {}
    # One host resizes to itself, as on the stack (stack.sh sets it).
    conf['DEFAULT'] = {'allow_resize_to_same_host': True}
    c = make_cloud(computes={'host1': {}}, conf=conf)
    if NETWORK:
        c.create_network('private', '10.20.30.0/24')
        # The pool of README's floating-ips block, as devstack names it.
        c.manage('floating', 'create', '--pool', 'public', '--ip-range',
                 '172.24.4.128/28')
    c.create_flavor('42', 'm1.nano', ram=128, disk=1, vcpus=1)
    c.create_flavor('84', 'm1.micro', ram=192, disk=1, vcpus=1)
    # The stack's image, whatever its driver (devstack/stack.sh).
    c.create_image(name='minova-test')
    return c


# What the fake driver's guests print on their console.
FAKE_CONSOLE = {'openstack': 'fake guest', 'nova': 'fake guest',
                'minova-cli': 'fake guest', 'curl': 'fake guest'}


@pytest.mark.parametrize('name', readme.names())
def test_readme_block(cloud, tmp_path, name):
    """Runs as written, shows what it should, leaves nothing behind."""
    result = readme.run_and_clean(name, cloud.endpoint, cloud.image_endpoint,
                                  tmp_path)
    if name in FAKE_CONSOLE:
        assert FAKE_CONSOLE[name] in result.stdout


def test_the_readme_has_its_tested_blocks():
    assert set(readme.names()) >= {'minova-cli', 'openstack', 'nova',
                                   'clouds-yaml', 'curl', 'curl-legacy',
                                   'openstack-images', 'openstack-states',
                                   'floating-ips'}


def test_the_blocks_openstack_client_polls_every_second(tmp_path):
    """Only the ``openstack`` program of a block's shell polls faster;
    any other Python keeps osc_lib's defaults."""
    probe = ('from osc_lib import utils\n'
             'print(utils.wait_for_status.__defaults__[3],'
             ' utils.wait_for_delete.__defaults__[3])\n')
    seen = {}
    for name in ('openstack', 'other'):
        (tmp_path / name).write_text(probe)
        seen[name] = subprocess.run(
            [sys.executable, str(tmp_path / name)], env=clean_env(),
            capture_output=True, text=True, check=True).stdout.split()
    assert seen == {'openstack': ['1', '1'], 'other': ['5', '5']}


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


def test_nova_boot_image_lookup_limitation_is_as_documented(cloud):
    """README says why ``nova boot --image`` cannot work without a
    catalog: novaclient asks the compute endpoint for /v2/images/ID."""
    env = clean_env()
    endpoint = cloud.endpoint + '/v2.1'
    env.update(OS_AUTH_TYPE='admin_token', OS_TOKEN='demo:demo',
               OS_PROJECT_ID='demo', OS_ENDPOINT=endpoint,
               OS_AUTH_URL=endpoint)
    image = minova(cloud, 'image-show', '-f', 'value', '-c', 'id',
                   'minova-test').stdout.strip()
    result = subprocess.run(['nova', 'boot', '--flavor', 'm1.nano',
                             '--image', image, 'never'], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    # /v2.1/v2/images/X is the image proxy under project "v2" (as Nova).
    assert "Malformed request URL: URL's project_id 'v2'" in result.stderr
    assert '(HTTP 400)' in result.stderr
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
                    'minova-test', '--nic', 'net-id=nosuch,v4-fixed-ip=1',
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
           'minova-test', '--nic',
           'net-id=%s,v4-fixed-ip=10.20.30.50' % network['ID'], '--poll')
    shown = json.loads(minova(cloud, 'show', 'fixed', '--json').stdout)
    assert shown['private network'] == '10.20.30.50'
    listed = minova(cloud, 'list', '--name', 'fixed').stdout
    assert 'private=10.20.30.50' in listed
    minova(cloud, 'delete', '--wait', 'fixed')


def openstack(cloud, *args, token='demo:demo'):
    """The openstack client on the cloud, its Network API the façade."""
    env = clean_env()
    env.update(OS_AUTH_TYPE='admin_token', OS_TOKEN=token,
               OS_ENDPOINT=cloud.endpoint + '/v3',
               OS_COMPUTE_ENDPOINT_OVERRIDE=cloud.endpoint + '/v2.1',
               OS_IMAGE_ENDPOINT_OVERRIDE=cloud.image_endpoint,
               OS_NETWORK_ENDPOINT_OVERRIDE=cloud.endpoint +
               '/networking/v2.0')
    return subprocess.run(['openstack'] + list(args), env=env,
                          capture_output=True, text=True, timeout=300)


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(not NETWORK, reason='no minova-network in this tree')
def test_the_issues_openstack_commands_through_the_network_api(cloud):
    """Issue 10's user story, verbatim on the default group, plus the
    Network API's other commands a user reaches for."""
    rules = [_json(openstack(cloud, 'security', 'group', 'rule', 'create',
                             *args, 'default', '-f', 'json'))['id']
             for args in (('--proto', 'tcp', '--dst-port', '22'),
                          ('--proto', 'icmp'))]
    try:
        shown = _json(openstack(cloud, 'security', 'group', 'rule', 'list',
                                'default', '-f', 'json'))
        assert sorted((r['IP Protocol'], r['Port Range']) for r in shown) \
            == [('icmp', ''), ('tcp', '22:22')]
        server = _json(openstack(cloud, 'server', 'create', '--flavor',
                                 'm1.nano', '--image', 'minova-test',
                                 '--wait', 'netapi', '-f', 'json'))
        fip = _json(openstack(cloud, 'floating', 'ip', 'create', 'public',
                              '-f', 'json'))['floating_ip_address']
        assert openstack(cloud, 'server', 'add', 'floating', 'ip', 'netapi',
                         fip).returncode == 0
        [port] = _json(openstack(cloud, 'port', 'list', '--server',
                                 'netapi', '-f', 'json'))
        shown = _json(openstack(cloud, 'floating', 'ip', 'show', fip,
                                '-f', 'json'))
        assert (shown['port_id'], shown['status']) == (port['ID'], 'ACTIVE')
        assert shown['fixed_ip_address'] == \
            port['Fixed IP Addresses'][0]['ip_address']
        assert openstack(cloud, 'floating', 'ip', 'unset', '--port',
                         fip).returncode == 0
        assert _json(openstack(cloud, 'floating', 'ip', 'show', fip, '-f',
                               'json'))['port_id'] is None
        assert openstack(cloud, 'floating', 'ip', 'set', '--port',
                         port['ID'], fip).returncode == 0
        addresses = _json(openstack(cloud, 'server', 'show', 'netapi', '-f',
                                    'json'))['addresses']
        assert fip in addresses['private']
        assert openstack(cloud, 'server', 'remove', 'floating', 'ip',
                         'netapi', fip).returncode == 0
        assert openstack(cloud, 'floating', 'ip', 'delete',
                         fip).returncode == 0
        assert fip not in openstack(cloud, 'floating', 'ip', 'list').stdout
        egress = openstack(cloud, 'security', 'group', 'rule', 'create',
                           '--egress', 'default')
        assert egress.returncode == 1
        assert 'filter inbound traffic only' in egress.stderr
        assert openstack(cloud, 'server', 'delete', '--wait',
                         server['id']).returncode == 0
    finally:
        openstack(cloud, 'security', 'group', 'rule', 'delete', *rules)
    assert _json(openstack(cloud, 'security', 'group', 'rule', 'list',
                           'default', '-f', 'json')) == []
