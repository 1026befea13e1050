"""Guests you can reach: a real guest (libvirt, TCG) behind the compute
host's firewall, reached from a stand-in for the outside world through
a floating IP NATed in its network's router namespace.

Everything the test sends goes from the namespace ``minova-outside-*``
over a public bridge with no physical port to the network's router
namespace and on to the guest's tap; the root namespace has no address
on either bridge. Every wait is bounded.
"""

import os
import shutil
import socket  # noqa: F401  (used in the namespace's python)
import subprocess
import sys
import time
import uuid

import pytest

from tests.functional import cloud as cloud_lib

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason='netfilter needs root'),
    pytest.mark.skipif(shutil.which('virsh') is None or
                       shutil.which('nft') is None,
                       reason='needs libvirt and nftables')]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PUBLIC = '172.31.%d.0/24' % (os.getpid() % 200 + 20)
PREFIX = PUBLIC.rsplit('.', 1)[0]
POOL = '%s.16/28' % PREFIX
OUTSIDE_ADDRESS = '%s.2/24' % PREFIX


def _sh(*cmd, check=True, timeout=60):
    return subprocess.run(cmd, capture_output=True, text=True, check=check,
                          timeout=timeout)


def _wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    raise AssertionError('%s not met in %ss' % (what, timeout))


class Outside:
    """A namespace on the public bridge: the rest of the world."""

    def __init__(self, bridge):
        tag = uuid.uuid4().hex[:8]
        self.namespace = 'minova-outside-%s' % tag
        self.bridge = bridge
        self.veth = 'out-%s' % tag
        _sh('ip', 'link', 'add', bridge, 'type', 'bridge')
        _sh('ip', 'link', 'set', 'dev', bridge, 'addrgenmode', 'none')
        _sh('ip', 'link', 'set', bridge, 'up')
        _sh('ip', 'netns', 'add', self.namespace)
        _sh('ip', 'link', 'add', self.veth, 'type', 'veth', 'peer', 'name',
            'eth0', 'netns', self.namespace)
        _sh('ip', 'link', 'set', self.veth, 'master', bridge, 'up')
        _sh('ip', '-n', self.namespace, 'addr', 'add', OUTSIDE_ADDRESS,
            'dev', 'eth0')
        _sh('ip', '-n', self.namespace, 'link', 'set', 'eth0', 'up')
        _sh('ip', '-n', self.namespace, 'link', 'set', 'lo', 'up')

    def ping(self, address):
        return _sh('ip', 'netns', 'exec', self.namespace, 'busybox', 'ping',
                   '-c', '1', '-W', '2', address, check=False).returncode == 0

    def tcp(self, address, port):
        """'open', 'refused' (the guest answered: RST) or 'timeout'."""
        code = ('import socket, sys\n'
                's = socket.socket(); s.settimeout(3)\n'
                'try:\n'
                '    s.connect((sys.argv[1], int(sys.argv[2])))\n'
                '    print("open")\n'
                'except ConnectionRefusedError:\n'
                '    print("refused")\n'
                'except OSError:\n'
                '    print("timeout")\n')
        return _sh('ip', 'netns', 'exec', self.namespace, sys.executable,
                   '-c', code, address, str(port), check=False).stdout.strip()

    def ssh(self, key_file, address, command):
        """(exit code, stdout) of ``command`` run over ssh as root."""
        done = _sh('ip', 'netns', 'exec', self.namespace, 'ssh', '-i',
                   key_file, '-o', 'StrictHostKeyChecking=no', '-o',
                   'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
                   '-o', 'ConnectTimeout=5', 'root@%s' % address, command,
                   check=False, timeout=30)
        return done.returncode, done.stdout.strip()

    def remove(self):
        _sh('ip', 'netns', 'delete', self.namespace, check=False)
        _sh('ip', 'link', 'delete', self.bridge, check=False)


@pytest.fixture(scope='module')
def world(make_cloud):
    bridge = 'mnpb%s' % uuid.uuid4().hex[:8]
    outside = Outside(bridge)
    real = None
    try:
        real = make_cloud(
            computes={'host1': {
                'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                            'firewall_driver': 'iptables'},
                'libvirt': {'virt_type': 'qemu'}}},
            conf={'DEFAULT': {
                      # Domain names of their own: other clouds on this
                      # machine boot instance-00000001 too.
                      'instance_name_template':
                          'reach%s-%%08x' % bridge[4:]},
                  'network': {'public_bridge': bridge,
                              'public_cidr': PUBLIC},
                  'metadata': {'proxy_enabled': 'true',
                               'listen_port': str(cloud_lib.free_port())}})
        real.start_metadata_api()
        real.create_flavor('g', 'm1.guest', ram=256, disk=1, vcpus=1)
        real.net = real.create_network('guests', '10.61.0.0/24')
        real.manage('floating', 'create', '--pool', 'public', '--ip-range',
                    POOL)
        built = subprocess.run(
            [os.path.join(ROOT, 'tools', 'build-test-image'), '--endpoint',
             real.image_endpoint, '--token', 'admin:admin'],
            capture_output=True, text=True, timeout=900)
        assert built.returncode == 0, built.stderr
        real.image_id = dict(line.split('=', 1) for line in
                             built.stdout.split())['image_id']
        yield real, outside
    finally:
        # The cloud first: minova-network would make the bridge again.
        if real is not None:
            real.stop()
        outside.remove()


def _group_id(c, name='default'):
    groups = c.api.get('/os-security-groups').json()['security_groups']
    return [g['id'] for g in groups if g['name'] == name][0]


def _add_rule(c, protocol, from_port, to_port, group='default'):
    resp = c.api.post('/os-security-group-rules', {'security_group_rule': {
        'parent_group_id': _group_id(c, group), 'ip_protocol': protocol,
        'from_port': from_port, 'to_port': to_port,
        'cidr': '0.0.0.0/0'}})
    assert resp.status_code == 200, resp.text
    return resp.json()['security_group_rule']['id']


def _console(c, sid):
    resp = c.api.post('/servers/%s/action' % sid,
                      {'os-getConsoleOutput': {}})
    return resp.json().get('output', '') if resp.ok else ''


def _boot(c, name, **extra):
    return c.boot(name=name, imageRef=c.image_id, flavorRef='g',
                  config_drive=True, networks=[{'uuid': c.net}], **extra)[
        'server']['id']


def _wait_for_guest(c, sid, name):
    c.wait_for_server(sid, timeout=300)
    _wait_until(lambda: 'minova-guest ready' in _console(c, sid), 300,
                'guest %s up' % name)
    return sid


def _filters_of(instance_name_part):
    tables = _sh('nft', 'list', 'tables', 'bridge').stdout
    chains = _sh('iptables', '-S').stdout
    return [line for line in (tables + chains).splitlines()
            if instance_name_part in line]


def test_floating_ip_reaches_the_guest_only_through_its_rules(world,
                                                            tmp_path):
    c, outside = world
    keypair = c.api.post('/os-keypairs', {'keypair': {'name': 'k'}}).json()
    key_file = str(tmp_path / 'k.pem')
    with open(key_file, 'w') as out:
        out.write(keypair['keypair']['private_key'])
    os.chmod(key_file, 0o600)
    started = time.monotonic()
    sid = _boot(c, 'reachable', key_name='k')
    try:
        _wait_for_guest(c, sid, 'reachable')
        _reach(c, outside, sid, key_file, started)
    finally:
        c.api.delete('/servers/%s' % sid)
        c.wait_for_deleted(sid, timeout=120)


# The root namespace's forwarding as it was before any test ran.
with open('/proc/sys/net/ipv4/ip_forward') as _f:
    ROOT_IP_FORWARD = _f.read().strip()


def _reach(c, outside, sid, key_file, started):
    console = '\n'.join(line for line in _console(c, sid).splitlines()
                        if 'minova-guest' in line)
    namespace = 'minova-%s' % c.net
    assert 'minova-guest: metadata: key from http://169.254.169.254' in \
        console, (console, _sh('ip', 'netns', 'exec', namespace, 'iptables',
                               '-t', 'nat', '-S', check=False).stdout,
                  _sh('ip', 'netns', 'exec', namespace, 'ss', '-ltn',
                      check=False).stdout)
    assert 'minova-guest ssh ready' in console, console
    server = c.admin.get('/servers/%s' % sid).json()['server']
    [fixed] = [a['addr'] for a in server['addresses']['guests']]
    # Its filter exists, named after the instance.
    filter_name = 'instance-%s-%s' % (
        server['OS-EXT-SRV-ATTR:instance_name'][-8:], sid[:6])
    assert _filters_of(filter_name), 'no filter %s' % filter_name

    fip = c.api.post('/os-floating-ips', {'pool': 'public'}).json()[
        'floating_ip']['ip']
    resp = c.api.post('/servers/%s/action' % sid,
                      {'addFloatingIp': {'address': fip}})
    assert resp.status_code == 202, resp.text
    shown = c.api.get('/servers/%s' % sid).json()['server']['addresses']
    assert {'addr': fip, 'version': 4, 'OS-EXT-IPS:type': 'floating',
            'OS-EXT-IPS-MAC:mac_addr': shown['guests'][0][
                'OS-EXT-IPS-MAC:mac_addr']} in shown['guests']

    # No rule: nothing gets in (ICMP and TCP time out).
    assert not outside.ping(fip)
    assert outside.tcp(fip, 22) == 'timeout'
    # ICMP allowed: ping answers, without a reboot.
    icmp = _add_rule(c, 'icmp', -1, -1)
    _wait_until(lambda: outside.ping(fip), 30, 'ping after the ICMP rule')
    # TCP 22 allowed: ssh with the key pair works; port 23 stays shut.
    tcp = _add_rule(c, 'tcp', 22, 22)
    _wait_until(lambda: outside.tcp(fip, 22) == 'open', 30,
                'port 22 reachable after the rule')
    assert outside.ssh(key_file, fip, 'hostname') == (0, 'reachable')
    print('create -> ssh: %.1fs' % (time.monotonic() - started))
    assert outside.tcp(fip, 23) == 'timeout'
    # Rules removed: blocked again.
    for rule in (icmp, tcp):
        assert c.api.delete('/os-security-group-rules/%s' % rule
                            ).status_code == 202
    _wait_until(lambda: not outside.ping(fip), 30, 'ping blocked again')
    assert outside.tcp(fip, 22) == 'timeout'
    # The fixed IP is not reachable from outside at all.
    assert not outside.ping(fixed)

    # Delete: no filter, no NAT, the floating IP back to the project.
    namespace = 'minova-%s' % c.net
    assert fip in _sh('ip', 'netns', 'exec', namespace, 'iptables', '-t',
                      'nat', '-S').stdout
    _assert_root_namespace_untouched(fip, fixed)
    c.api.delete('/servers/%s' % sid)
    c.wait_for_deleted(sid, timeout=120)
    _wait_until(lambda: not _filters_of(filter_name), 30,
                'filters removed')
    _wait_until(lambda: fip not in _sh(
        'ip', 'netns', 'exec', namespace, 'iptables', '-t', 'nat',
        '-S').stdout, 30, 'NAT removed')
    [entry] = [f for f in c.api.get('/os-floating-ips').json()[
        'floating_ips'] if f['ip'] == fip]
    assert entry['instance_id'] is None and entry['fixed_ip'] is None
    c.api.delete('/os-floating-ips/%s' % entry['id'])


def _assert_root_namespace_untouched(*addresses):
    """With a floating IP NATed, the root namespace has no NAT rule, no
    address and no route for it or the guest, and forwards nothing."""
    root = '\n'.join((
        _sh('iptables', '-t', 'nat', '-S', check=False).stdout,
        _sh('ip', '-4', 'addr').stdout, _sh('ip', '-4', 'route').stdout))
    for address in addresses:
        assert address not in root, (address, root)
    with open('/proc/sys/net/ipv4/ip_forward') as f:
        assert f.read().strip() == ROOT_IP_FORWARD
