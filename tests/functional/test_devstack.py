"""devstack/stack.sh brings a cloud up from a clean state directory, a
second run is harmless, status.sh shows it, unstack.sh stops it and
clean.sh leaves nothing behind. Everything of this stack is its own (state
and config dirs, ports, RabbitMQ vhost, bridge), so other clouds on the
machine are not disturbed.

With the libvirt driver (the default where libvirtd runs) one stack boots
its demo guest, then every tested block of README.md runs on it as written
(tests/functional/readme.py), then clean.sh removes its domains."""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import readme

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
IMAGE = 'minova-test'
SERVICES = ('minova-image-api', 'minova-conductor', 'minova-scheduler',
            'minova-compute', 'minova-api')


def stack_env(base, driver):
    """The settings of a stack of its own under ``base``."""
    suffix = uuid.uuid4().hex[:6]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('OS_', 'MINOVA_'))}
    env.update({
        'PATH': BIN + os.pathsep + env.get('PATH', ''),
        'MINOVA_STATE': os.path.join(base, 'state'),
        'MINOVA_CONF_DIR': os.path.join(base, 'etc'),
        'MINOVA_API_PORT': str(cloud_lib.free_port()),
        'MINOVA_IMAGE_PORT': str(cloud_lib.free_port()),
        'MINOVA_RABBIT_VHOST': 'minova-devstack-%s' % suffix,
        'MINOVA_BRIDGE': 'mnvds%s' % suffix,
        'MINOVA_PUBLIC_BRIDGE': 'mnvpb%s' % suffix,
        'MINOVA_OUTSIDE_NS': 'minova-outside-%s' % suffix,
        'MINOVA_INSTANCE_NAME_TEMPLATE': 'mnvds%s-%%08x' % suffix,
        'MINOVA_COMPUTE_DRIVER': driver,
        'MINOVA_SYSTEMD': 'no',
        'MINOVA_PYTHON': sys.executable,
        # These stacks check the services and README; test_tempest.py
        # checks a stack with keystone.
        'MINOVA_AUTH': 'noauth2',
        'MINOVA_CLOUDS_YAML': os.path.join(base, 'clouds.yaml'),
    })
    return env


@contextlib.contextmanager
def own_stack(driver):
    # Not pytest's tmp_path: it is private to root, and dnsmasq (run by
    # minova-network as "nobody") must reach the state dir.
    base = tempfile.mkdtemp(prefix='minova-devstack-')
    os.chmod(base, 0o755)
    env = stack_env(base, driver)
    try:
        yield env
    finally:
        # Whatever happened: nothing of this stack stays.
        subprocess.run([os.path.join(TOP, 'devstack', 'clean.sh')], env=env,
                       capture_output=True, timeout=300)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def stack():
    with own_stack('fake') as env:
        yield env


def script(name, env, check=True):
    started = time.monotonic()
    result = subprocess.run([os.path.join(TOP, 'devstack', name)], env=env,
                            capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    print('%s: %.1fs, exit %d' % (name, elapsed, result.returncode))
    if check:
        assert result.returncode == 0, '%s\n%s' % (result.stdout[-5000:],
                                                   result.stderr[-5000:])
    return result, elapsed


def pids(env):
    run = os.path.join(env['MINOVA_STATE'], 'run')
    found = {}
    for name in os.listdir(run) if os.path.isdir(run) else ():
        with open(os.path.join(run, name)) as pidfile:
            found[name[:-len('.pid')]] = int(pidfile.read())
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def demo(env):
    resp = requests.get(
        'http://127.0.0.1:%s/v2.1/servers/detail' % env['MINOVA_API_PORT'],
        headers={'X-Auth-Token': 'demo:demo'}, timeout=10)
    assert resp.status_code == 200, resp.text
    return [s for s in resp.json()['servers'] if s['name'] == 'demo']


def vhosts():
    return subprocess.run(['rabbitmqctl', '-q', 'list_vhosts'],
                          capture_output=True, text=True).stdout.split()


def test_stack_restack_status_unstack_clean(stack):
    result, fresh = script('stack.sh', stack)
    server, running = check_fresh_fake_stack(stack, result)

    result, again = script('stack.sh', stack)
    assert 'already running' in result.stdout
    assert 'demo exists (ACTIVE)' in result.stdout
    # The image README.md boots, the same name as with libvirt.
    assert 'image %s exists' % IMAGE in result.stdout
    assert pids(stack) == running
    assert [s['id'] for s in demo(stack)] == [server['id']]
    print('stack.sh: fresh state %.1fs, re-run %.1fs' % (fresh, again))

    result, _ = script('status.sh', stack)
    for name in running:
        assert '%-18s running' % name in result.stdout
    assert 'minova-compute' in result.stdout and 'demo' in result.stdout

    # The CLI next steps that stack.sh prints work with its openrc.
    listing = json.loads(with_openrc(stack, 'minova list --json'))
    assert [s['Name'] for s in listing] == ['demo']
    assert IMAGE in with_openrc(stack, 'minova image-show ' + IMAGE)

    script('unstack.sh', stack)
    assert not any(alive(pid) for pid in running.values())
    assert script('status.sh', stack, check=False)[0].returncode == 1
    check_clean(stack)


def check_fresh_fake_stack(stack, result):
    """stack.sh's first run: the demo server and every service; returns
    the server and the services' pids."""
    out = result.stdout
    assert '==> [11/11] Demo server' in out
    assert 'Server demo ACTIVE' in result.stderr   # the progress display
    assert 'fake guest' in out and 'hostname demo' in out   # its console
    assert 'minova is up in' in out and 'minova list' in out
    [server] = demo(stack)
    assert server['status'] == 'ACTIVE'
    running = pids(stack)
    assert set(SERVICES) <= set(running)
    assert all(alive(pid) for pid in running.values())
    logs = os.path.join(stack['MINOVA_STATE'], 'logs')
    assert set(s + '.log' for s in running) <= set(os.listdir(logs))
    return server, running


def with_openrc(stack, command):
    """``command``'s output after sourcing the stack's openrc."""
    openrc = os.path.join(stack['MINOVA_STATE'], 'openrc')
    return subprocess.run(['bash', '-c', '. "$0" && ' + command, openrc],
                          env=stack, capture_output=True, text=True,
                          check=True).stdout


def check_clean(stack):
    script('clean.sh', stack)
    assert not os.path.exists(stack['MINOVA_STATE'])
    assert not os.path.exists(stack['MINOVA_CONF_DIR'])
    assert stack['MINOVA_RABBIT_VHOST'] not in vhosts()
    bridge = subprocess.run(['ip', 'link', 'show', stack['MINOVA_BRIDGE']],
                            capture_output=True)
    assert bridge.returncode != 0


def libvirtd_absent():
    """Why the libvirt stack cannot run here, or None."""
    if not os.path.isdir(os.path.join(TOP, 'minova', 'virt', 'libvirt')):
        return 'no libvirt driver in this tree'
    try:
        proc = subprocess.run(['virsh', '-c', 'qemu:///system', 'version'],
                              capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        return 'no virsh: libvirt is not installed'
    if proc.returncode != 0:
        return ('libvirtd does not answer at qemu:///system (%s): start '
                '"virtlogd -d; libvirtd -d" as .ci/run does'
                % proc.stderr.strip())
    return None


@pytest.fixture(scope='module')
def libvirt_stack():
    """One stack.sh stack with the libvirt driver (real guests under TCG,
    virt_type = qemu) for every libvirt test of the module."""
    reason = libvirtd_absent()
    if reason:
        pytest.skip(reason)
    with own_stack('libvirt') as env:
        result, elapsed = script('stack.sh', env)
        print('stack.sh with libvirt: %.1fs' % elapsed)
        yield env, result


@pytest.mark.slow
def test_stack_boots_a_real_guest_with_libvirt(libvirt_stack):
    stack, result = libvirt_stack
    assert 'driver: libvirt' in result.stdout
    assert 'test image %s: ' % IMAGE in result.stdout
    assert 'minova-guest ready' in result.stdout   # the guest's console
    assert 'hostname demo' in result.stdout
    [server] = demo(stack)
    assert server['status'] == 'ACTIVE'
    if 'minova-network' in pids(stack):
        addresses = [a for addrs in server['addresses'].values()
                     for a in addrs]
        [address] = [a['addr'] for a in addresses
                     if a['OS-EXT-IPS:type'] == 'fixed']
        assert 'eth0 address %s/' % address in result.stdout
        [fip] = [a['addr'] for a in addresses
                 if a['OS-EXT-IPS:type'] == 'floating']
        _ssh_works_as_printed(stack, result.stdout, fip)
    domain = demo_domain(stack)
    assert domain == stack['MINOVA_INSTANCE_NAME_TEMPLATE'] % 1
    assert domain in virsh_domains()


def _ssh_works_as_printed(stack, stdout, fip):
    """stack.sh prints the ssh command that reaches the demo server from
    the outside namespace through its floating IP: it works (ICMP and
    SSH are allowed in the default group). A few bounded tries: the
    guest may still be starting dropbear."""
    command = 'ip netns exec %s ssh -i %s root@%s hostname' % (
        stack['MINOVA_OUTSIDE_NS'],
        os.path.join(stack['MINOVA_STATE'], 'demo-key.pem'), fip)
    assert command in stdout
    argv = command.split()
    argv[5:5] = ['-o', 'StrictHostKeyChecking=no', '-o',
                 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
                 '-o', 'ConnectTimeout=5']
    for _attempt in range(12):
        done = subprocess.run(argv, capture_output=True, text=True,
                              timeout=30)
        if done.returncode == 0:
            break
        time.sleep(5)
    assert (done.returncode, done.stdout.strip()) == (0, 'demo'), \
        done.stderr
    ping = subprocess.run(['ip', 'netns', 'exec', stack['MINOVA_OUTSIDE_NS'],
                           'busybox', 'ping', '-c', '1', '-W', '5', fip],
                          capture_output=True, text=True, timeout=30)
    assert ping.returncode == 0, ping.stdout


def test_the_guest_blocks_are_readme_blocks():
    assert set(readme.GUEST_BLOCKS) <= set(readme.names())


@pytest.mark.slow
@pytest.mark.parametrize('name', readme.GUEST_BLOCKS)
def test_readme_block_on_the_libvirt_stack(libvirt_stack, tmp_path, name):
    """README.md holds as written on the default stack: the libvirt
    driver, with real guests (the blocks whose outcome depends on the
    driver: readme.GUEST_BLOCKS)."""
    stack, _ = libvirt_stack
    url = 'http://127.0.0.1:%s'
    readme.run_and_clean(name, url % stack['MINOVA_API_PORT'],
                         url % stack['MINOVA_IMAGE_PORT'], tmp_path)
    # Only the demo server's domain is left of this stack's guests.
    prefix = stack['MINOVA_INSTANCE_NAME_TEMPLATE'].split('%')[0]
    assert [d for d in virsh_domains() if d.startswith(prefix)] == [
        demo_domain(stack)]


@pytest.mark.slow
def test_clean_removes_the_libvirt_stack(libvirt_stack):
    stack, _ = libvirt_stack
    domain = demo_domain(stack)
    assert domain in virsh_domains()
    check_clean(stack)
    assert domain not in virsh_domains()


def demo_domain(stack):
    [server] = demo(stack)
    admin = requests.get(
        'http://127.0.0.1:%s/v2.1/servers/%s' % (stack['MINOVA_API_PORT'],
                                                 server['id']),
        headers={'X-Auth-Token': 'admin:admin'}, timeout=10).json()
    return admin['server']['OS-EXT-SRV-ATTR:instance_name']


def virsh_domains():
    return subprocess.run(['virsh', '-c', 'qemu:///system', 'list', '--all',
                           '--name'], capture_output=True,
                          text=True).stdout.split()
