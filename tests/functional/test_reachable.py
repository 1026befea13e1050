"""Guests you can reach: a real guest (libvirt, TCG) behind the compute
host's firewall, reached from a stand-in for the outside world through
a floating IP NATed in its network's router namespace.

Everything the test sends goes from the namespace ``minova-outside-*``
over a public bridge with no physical port to the network's router
namespace and on to the guest's tap; the root namespace has no address
on either bridge. Every wait is bounded.

One guest (the ``vm`` fixture) serves the restart tests: its filters,
NAT and dnsmasq are removed while minova-compute / minova-network is
down (as a host reboot loses them) and must come back from the
database when the service starts; then it is deleted and nothing of it
may remain.
"""

import os
import shutil
import signal
import socket  # noqa: F401  (used in the namespace's python)
import subprocess
import sys
import time
import uuid

import pytest

from minova.network import linux_net
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


def start_world(make_cloud):
    """(cloud, outside): a cloud whose compute filters with iptables,
    its metadata service, a network, a public pool and the test image;
    the outside namespace on its public bridge. ``make_cloud`` makes a
    started Cloud from its keyword arguments. Undo with stop_world."""
    bridge = 'mnpb%s' % uuid.uuid4().hex[:8]
    world = [None, Outside(bridge)]
    try:
        world[0] = real = make_cloud(
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
    except BaseException:
        stop_world(*world)
        raise
    return world


def stop_world(real, outside):
    # The cloud first: minova-network would make the bridge again.
    if real is not None:
        real.stop()
    outside.remove()


@pytest.fixture(scope='module')
def world(make_cloud):
    real, outside = start_world(make_cloud)
    try:
        yield real, outside
    finally:
        stop_world(real, outside)


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
    # No physical interface (one with a device behind it) joined a bridge.
    for name in os.listdir('/sys/class/net'):
        if os.path.exists('/sys/class/net/%s/device' % name):
            assert not os.path.exists('/sys/class/net/%s/master' % name), \
                '%s was put in a bridge' % name


# -- restarts and delete: one guest serves these tests -----------------------

@pytest.fixture(scope='module')
def vm(world, tmp_path_factory):
    """One guest with rules for ICMP and TCP 22 (not 23) and a floating
    IP, reached from minova-outside; deleted by the last test (or here)."""
    c, outside = world
    keypair = c.api.post('/os-keypairs', {'keypair': {'name': 'kr'}}).json()
    key_file = str(tmp_path_factory.mktemp('vm') / 'kr.pem')
    with open(key_file, 'w') as out:
        out.write(keypair['keypair']['private_key'])
    os.chmod(key_file, 0o600)
    sid = _boot(c, 'restarted', key_name='kr')
    rules = []
    try:
        _wait_for_guest(c, sid, 'restarted')
        rules += [_add_rule(c, 'icmp', -1, -1), _add_rule(c, 'tcp', 22, 22)]
        server = c.admin.get('/servers/%s' % sid).json()['server']
        [port] = server['addresses']['guests']
        fip = c.api.post('/os-floating-ips', {'pool': 'public'}).json()[
            'floating_ip']['ip']
        resp = c.api.post('/servers/%s/action' % sid,
                          {'addFloatingIp': {'address': fip}})
        assert resp.status_code == 202, resp.text
        _wait_until(lambda: outside.tcp(fip, 22) == 'open', 60,
                    'port 22 of the floating IP open')
        yield {'id': sid, 'fip': fip, 'fixed': port['addr'],
               'mac': port['OS-EXT-IPS-MAC:mac_addr'], 'key': key_file,
               'tap': _tap_of(server['OS-EXT-SRV-ATTR:instance_name']),
               'filter': 'instance-%s-%s' % (
                   server['OS-EXT-SRV-ATTR:instance_name'][-8:], sid[:6])}
    finally:
        if c.api.get('/servers/%s' % sid).status_code != 404:
            c.api.delete('/servers/%s' % sid)
            c.wait_for_deleted(sid, timeout=120)
        for rule in rules:
            c.api.delete('/os-security-group-rules/%s' % rule)


def _tap_of(domain):
    """The guest's tap, as libvirt shows it."""
    [tap] = [word for line in _sh(
        'virsh', '-c', 'qemu:///system', 'domiflist', domain).stdout
        .splitlines() for word in line.split()[:1] if word.startswith('tap')]
    return tap


def _hairpin(tap):
    with open('/sys/class/net/%s/brport/hairpin_mode' % tap) as mode:
        return mode.read().strip()


def _inbound_chain(filter_name):
    """``iptables -S`` of the instance's inbound chain ('' without one)."""
    return _sh('iptables', '-w', '-S', filter_name + '-i',
               check=False).stdout


def _forward_jumps(filter_name):
    return [line for line in _sh('iptables', '-w', '-S', 'FORWARD').stdout
            .splitlines() if filter_name in line]


def _nft_table(filter_name):
    return _sh('nft', 'list', 'table', 'bridge', filter_name,
               check=False).stdout


def _assert_obeys_rules(outside, vm):
    """ICMP and TCP 22 get in (ssh with the key pair works), TCP 23 does
    not even reach the guest (no RST: the filter drops it)."""
    _wait_until(lambda: outside.ping(vm['fip']), 60, 'ping the floating IP')
    _wait_until(lambda: outside.tcp(vm['fip'], 22) == 'open', 60,
                'port 22 open')
    assert outside.ssh(vm['key'], vm['fip'], 'hostname') == (0, 'restarted')
    assert outside.tcp(vm['fip'], 23) == 'timeout'


def test_restarted_compute_rebuilds_the_guest_filters(world, vm):
    """The host's filters lost while minova-compute is down (as after a
    host reboot) come back from the database when it starts (init_host):
    the ruleset shows them and the guest obeys its rules again."""
    c, outside = world
    name = vm['filter']
    assert '-p tcp -m tcp --dport 22 -j ACCEPT' in _inbound_chain(name)
    c.stop_service('minova-compute-host1')
    # Lose them, as a rebooted host would: the same commands the driver's
    # remove_filters runs.
    for jump in _forward_jumps(name):
        _sh('iptables', '-w', *jump.replace('-A ', '-D ', 1).split())
    _sh('iptables', '-w', '-F', name + '-i')
    _sh('iptables', '-w', '-X', name + '-i')
    _sh('nft', 'delete', 'table', 'bridge', name)
    assert _hairpin(vm['tap']) == '1'
    # (A host reboot's new tap starts with hairpin off.)
    _sh('ip', 'link', 'set', 'dev', vm['tap'], 'type', 'bridge_slave',
        'hairpin', 'off')
    assert not _filters_of(name) and not _inbound_chain(name)
    assert _hairpin(vm['tap']) == '0'
    if '-P FORWARD ACCEPT' in _sh('iptables', '-w', '-S', 'FORWARD').stdout:
        # Unfiltered now: the guest itself answers port 23 with a RST.
        _wait_until(lambda: outside.tcp(vm['fip'], 23) == 'refused', 30,
                    'port 23 unfiltered while the filters are gone')

    c.start_compute('host1')
    _wait_until(lambda: c._check_alive() or (
        '-p tcp -m tcp --dport 22 -j ACCEPT' in _inbound_chain(name) and
        _forward_jumps(name) and 'ether saddr != ' in _nft_table(name) and
        _hairpin(vm['tap']) == '1'),
        90, 'filters of %s rebuilt by the restarted compute' % name)
    chain = _inbound_chain(name)
    assert '-p icmp -j ACCEPT' in chain and chain.rstrip().endswith(
        '-j DROP'), chain
    assert '--dport 23' not in chain, chain
    assert len(_forward_jumps(name)) == 1, _forward_jumps(name)
    assert vm['mac'].lower() in _nft_table(name)
    # The seed's last step too: hairpin on the guest's tap again.
    assert _hairpin(vm['tap']) == '1'
    _assert_obeys_rules(outside, vm)


def _dnsmasq_pid(c):
    files = os.path.join(c.state_path, 'networks', c.net)
    try:
        with open(os.path.join(files, 'dnsmasq.pid')) as pid_file:
            pid = int(pid_file.read().strip())
        with open('/proc/%d/cmdline' % pid) as cmdline:
            if os.path.join(files, 'hosts') in cmdline.read():
                return pid
    except (OSError, ValueError):
        pass
    return None


def _dhcp_hosts(c):
    path = os.path.join(c.state_path, 'networks', c.net, 'hosts')
    with open(path) as hosts:
        return hosts.read()


def _router_nat(c):
    return _sh('ip', 'netns', 'exec', 'minova-%s' % c.net, 'iptables', '-w',
               '-t', 'nat', '-S').stdout


def test_restarted_network_restores_nat_and_dhcp(world, vm):
    """NAT in the router namespace and the network's dnsmasq lost while
    minova-network is down come back when it starts (init_host ->
    sync_host): the floating IP answers again, dnsmasq serves the guest."""
    c, outside = world
    namespace = 'minova-%s' % c.net
    dnat = '-d %s/32 -j DNAT --to-destination %s' % (vm['fip'], vm['fixed'])
    assert dnat in _router_nat(c)
    old_pid = _dnsmasq_pid(c)
    assert old_pid is not None
    c.stop_service('minova-network')
    # Lose them, as a rebooted host would.
    if _dnsmasq_pid(c) is not None:
        os.kill(old_pid, signal.SIGTERM)
    _wait_until(lambda: _dnsmasq_pid(c) is None, 10, 'dnsmasq gone')
    _sh('ip', 'netns', 'exec', namespace, 'iptables', '-w', '-t', 'nat',
        '-F')
    public_port = linux_net.Names(c.net, '').public_ns
    _sh('ip', '-n', namespace, 'addr', 'flush', 'dev', public_port)
    assert vm['fip'] not in _router_nat(c)
    _wait_until(lambda: not outside.ping(vm['fip']), 15,
                'floating IP silent while NAT is gone')

    c.start_service('minova-network')
    c.wait_for_service('minova-network', 30)
    _wait_until(lambda: c._check_alive() or (
        dnat in _router_nat(c) and _dnsmasq_pid(c) is not None), 60,
        'NAT and dnsmasq back after the restart')
    nat = _router_nat(c)
    assert any(line.startswith('-A POSTROUTING -s %s/32 ' % vm['fixed']) and
               line.endswith('-j SNAT --to-source %s' % vm['fip'])
               for line in nat.splitlines()), nat
    assert _dnsmasq_pid(c) != old_pid
    assert '%s,%s' % (vm['mac'], vm['fixed']) in _dhcp_hosts(c)
    _assert_obeys_rules(outside, vm)
    # Rebuilt in the router namespace only: the root namespace has no NAT
    # rule, address or route for either address, and forwards as before.
    _assert_root_namespace_untouched(vm['fip'], vm['fixed'])


def test_group_members_reach_each_other_only_by_a_group_rule(world, vm):
    """Two servers in the group ``peers``; ICMP from one to the other's
    fixed IP gets through only once a rule of the group names the group
    as its source. The probe runs inside the first guest (ssh to it
    through its floating IP, then busybox ping to the second's fixed IP
    on the guest LAN): the fixed IPs are reachable only from that LAN."""
    c, outside = world
    resp = c.api.post('/os-security-groups', {'security_group': {
        'name': 'peers', 'description': 'members reach members'}})
    assert resp.status_code == 200, resp.text
    peers = resp.json()['security_group']['id']
    resp = c.api.post('/servers/%s/action' % vm['id'],
                      {'addSecurityGroup': {'name': 'peers'}})
    assert resp.status_code == 202, resp.text
    second = _boot(c, 'peer', security_groups=[{'name': 'peers'}])
    try:
        _wait_for_guest(c, second, 'peer')
        server = c.admin.get('/servers/%s' % second).json()['server']
        [fixed] = [a['addr'] for a in server['addresses']['guests']]

        def ping_from_first():
            return outside.ssh(vm['key'], vm['fip'],
                               'ping -c 1 -W 2 %s' % fixed)[0] == 0
        # peers has no rule: the second guest's filter drops the ping.
        assert outside.ssh(vm['key'], vm['fip'], 'hostname') == (
            0, 'restarted')
        assert not ping_from_first()
        resp = c.api.post('/os-security-group-rules', {
            'security_group_rule': {
                'parent_group_id': peers, 'ip_protocol': 'icmp',
                'from_port': -1, 'to_port': -1, 'group_id': peers}})
        assert resp.status_code == 200, resp.text
        _wait_until(ping_from_first, 60, 'ping between the group members')
        # The rule names members, not the world: outside stays shut out
        # of the second guest (it has no floating IP; its fixed IP is not
        # routed from outside either way), and the first guest's ping
        # still goes by the fixed IP only.
        assert '-s %s/32 -p icmp -j ACCEPT' % vm['fixed'] in \
            _inbound_chain('instance-%s-%s' % (
                server['OS-EXT-SRV-ATTR:instance_name'][-8:], second[:6]))
    finally:
        c.api.delete('/servers/%s' % second)
        c.wait_for_deleted(second, timeout=120)
    resp = c.api.post('/servers/%s/action' % vm['id'],
                      {'removeSecurityGroup': {'name': 'peers'}})
    assert resp.status_code == 202, resp.text


def test_deleted_server_leaves_nothing_behind(world, vm):
    """Delete: no filter (chain, FORWARD jump, nft table), no NAT rule and
    no address for its floating IP in the router namespace, the floating
    IP unassociated, no DHCP host entry for its MAC or fixed IP."""
    c, outside = world
    name = vm['filter']
    assert _filters_of(name) and \
        '%s,%s' % (vm['mac'], vm['fixed']) in _dhcp_hosts(c)
    assert c.api.delete('/servers/%s' % vm['id']).status_code == 204
    c.wait_for_deleted(vm['id'], timeout=120)
    _wait_until(lambda: not (_filters_of(name) or _inbound_chain(name) or
                             _forward_jumps(name) or _nft_table(name)),
                30, 'filters of %s removed' % name)
    _wait_until(lambda: vm['fip'] not in _router_nat(c) and
                vm['fixed'] not in _router_nat(c), 30, 'NAT removed')
    public_port = linux_net.Names(c.net, '').public_ns
    assert vm['fip'] not in _sh('ip', '-n', 'minova-%s' % c.net, 'addr',
                                'show', 'dev', public_port).stdout
    _wait_until(lambda: vm['mac'] not in _dhcp_hosts(c) and
                vm['fixed'] + '\n' not in _dhcp_hosts(c), 30,
                'DHCP host entry removed')
    [entry] = [f for f in c.api.get('/os-floating-ips').json()[
        'floating_ips'] if f['ip'] == vm['fip']]
    assert entry['instance_id'] is None and entry['fixed_ip'] is None
    assert not outside.ping(vm['fip'])
    c.api.delete('/os-floating-ips/%s' % entry['id'])
