"""The host side as commands: what dnsmasq is told, which commands may run
as root, and that setting up a network never adds a way off the host."""

import json
import signal
import types

from oslo_concurrency import processutils
import pytest

from minova import exception
from minova.network import dhcp
from minova.network import linux_net
from minova.privsep import dhcp as priv_dhcp
from minova.privsep import linux_net as priv_net

NET = types.SimpleNamespace(
    uuid='5e1d3c2b-1111-4222-8333-444455556666', label='private',
    cidr='10.0.0.0/24', gateway='10.0.0.1', dhcp_server='10.0.0.1',
    dns1='192.0.2.53', dns2=None, bridge='br100')


# -- dnsmasq --------------------------------------------------------------

def test_dnsmasq_command():
    files = dhcp.Files('/var/lib/minova/networks', NET.uuid)
    cmd = dhcp.command(NET, files, 'dhn-5e1d3c2b11', 600, 'nobody')
    base = '/var/lib/minova/networks/%s/' % NET.uuid
    assert cmd == [
        'dnsmasq', '--conf-file=', '--no-hosts', '--no-resolv', '--port=0',
        '--bind-interfaces', '--interface=dhn-5e1d3c2b11',
        '--except-interface=lo',
        '--pid-file=%sdnsmasq.pid' % base,
        '--dhcp-hostsfile=%shosts' % base,
        '--dhcp-leasefile=%sleases' % base,
        '--log-facility=%sdnsmasq.log' % base, '--log-dhcp',
        '--dhcp-range=set:minova,10.0.0.0,static,255.255.255.0,600s',
        '--dhcp-lease-max=256', '--dhcp-no-override', '--user=nobody',
        '--dhcp-option=tag:minova,option:router,10.0.0.1',
        '--dhcp-option=tag:minova,option:dns-server,192.0.2.53']


def test_hosts_file(tmp_path):
    files = dhcp.Files(str(tmp_path), NET.uuid)
    dhcp.write_hosts(files, [('fa:16:3e:00:00:0a', '10.0.0.10'),
                             ('fa:16:3e:00:00:02', '10.0.0.2')])
    with open(files.hosts) as hosts:
        assert hosts.read() == ('fa:16:3e:00:00:02,10.0.0.2\n'
                                'fa:16:3e:00:00:0a,10.0.0.10\n')
    dhcp.write_hosts(files, [])
    with open(files.hosts) as hosts:
        assert hosts.read() == ''


def test_reload_needs_our_running_dnsmasq(tmp_path):
    files = dhcp.Files(str(tmp_path), NET.uuid)
    assert dhcp.pid(files) is None and dhcp.reload(files) is False
    (tmp_path / NET.uuid).mkdir()
    # A pid file naming a process that is not our dnsmasq (pid 1).
    with open(files.pid, 'w') as pid_file:
        pid_file.write('1\n')
    assert dhcp.pid(files) is None


# -- the privileged entry points -------------------------------------------

@pytest.fixture
def ran(monkeypatch):
    """Entry points run in this process (no daemon); the commands they
    would run as root are recorded, not run."""
    commands = []

    def execute(*cmd, **kwargs):
        commands.append(' '.join(str(part) for part in cmd))
        return '', ''
    monkeypatch.setattr(processutils, 'execute', execute)
    return commands


NS = 'minova-%s' % NET.uuid


@pytest.mark.parametrize('call', [
    # No route, address or NAT in the root namespace: no entry point
    # takes one, and ip -n only reaches minova namespaces.
    lambda: priv_net.netns_ip('1', 'route', 'add', 'default', 'via',
                              '10.0.0.1'),
    lambda: priv_net.netns_ip('', 'addr', 'add', '10.0.0.1/24', 'dev',
                              'br100'),
    lambda: priv_net.netns_ip('other-ns', 'route', 'add', '10.0.0.0/24',
                              'dev', 'eth0'),
    # A device out of a namespace into the root one, or a command run.
    lambda: priv_net.netns_ip(NS, 'link', 'set', 'dhn-x', 'netns', '1'),
    lambda: priv_net.netns_ip(NS, 'netns', 'exec', NS, 'sh'),
    lambda: priv_net.netns_ip(NS, '-b', '/etc/passwd'),
    # NAT/iptables is no ip object.
    lambda: priv_net.netns_ip(NS, 'iptables', '-t', 'nat', '-A',
                              'POSTROUTING', '-j', 'MASQUERADE'),
    # A physical port into a bridge; odd device and namespace names.
    lambda: priv_net.set_link_master('eth0', 'br100'),
    lambda: priv_net.add_bridge('br100; reboot'),
    lambda: priv_net.add_veth_pair('dhr-1', 'dhn-1', 'default'),
    lambda: priv_net.netns_add('../../etc'),
    lambda: priv_net.netns_disable_forwarding('host'),
    # dnsmasq runs nothing else and reads no other configuration.
    lambda: priv_dhcp.start_dnsmasq(NS, ['--dhcp-script=/bin/sh']),
    lambda: priv_dhcp.start_dnsmasq(NS, ['--conf-file=/etc/evil.conf']),
    lambda: priv_dhcp.start_dnsmasq('1', ['--port=0']),
    lambda: priv_dhcp.dhcp_release(NS, 'dhn-1', '10.0.0.2', 'x; rm -rf /'),
    lambda: priv_dhcp.signal_process(1, signal.SIGKILL, 'hosts'),
])
def test_entry_points_refuse_a_way_off_the_host(call, ran):
    with pytest.raises(exception.PrivilegedArgumentError):
        call()
    assert ran == []


def test_entry_points_run_exactly_their_command(ran):
    priv_net.netns_ip(NS, 'route', 'add', '10.9.0.0/24', 'via', '10.0.0.9')
    priv_net.netns_disable_forwarding(NS)
    priv_dhcp.dhcp_release(NS, 'dhn-1', '10.0.0.2', 'FA:16:3E:00:00:02')
    assert ran == [
        'ip -n %s route add 10.9.0.0/24 via 10.0.0.9' % NS,
        'ip netns exec %s sysctl -q -w net.ipv4.ip_forward=0' % NS,
        'ip netns exec %s dhcp_release dhn-1 10.0.0.2 fa:16:3e:00:00:02'
        % NS]


def test_no_generic_execute_entry_point():
    for module in (priv_net, priv_dhcp):
        assert not hasattr(module, 'execute')


def test_a_failed_command_fails_the_setup(tmp_path, monkeypatch):
    host = FakeHost()

    def execute(*cmd, **kwargs):
        if cmd[:3] == ('ip', 'link', 'add'):
            raise processutils.ProcessExecutionError(
                cmd=' '.join(cmd), exit_code=2,
                stderr='RTNETLINK answers: Operation not permitted')
        return host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    driver = linux_net.LinuxNetDriver(str(tmp_path), 600, 'nobody')
    with pytest.raises(exception.NetworkSetupFailed) as error:
        driver.ensure_network(NET)
    message = error.value.format_message()
    assert 'ip link add br100 type bridge' in message
    assert 'Operation not permitted' in message


def test_a_bridge_made_meanwhile_by_another_setup_is_used(tmp_path,
                                                          monkeypatch):
    """Two setups of one network (a host sync beside a first boot): the
    one whose ``ip link add`` finds the bridge made goes on with it."""
    host = FakeHost()

    def execute(*cmd, **kwargs):
        if cmd[:3] == ('ip', 'link', 'add') and 'bridge' in cmd:
            host.links['br100'] = {'ifname': 'br100',
                                   'linkinfo': {'info_kind': 'bridge'}}
            raise processutils.ProcessExecutionError(
                cmd=' '.join(cmd), exit_code=2,
                stderr='RTNETLINK answers: File exists')
        return host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    assert linux_net.ensure_bridge('br100') is False
    assert host.commands == ['ip link set dev br100 addrgenmode none',
                             'ip link set dev br100 up']


def test_a_bridge_that_cannot_be_made_fails(monkeypatch):
    host = FakeHost()

    def execute(*cmd, **kwargs):
        if cmd[:3] == ('ip', 'link', 'add'):
            raise processutils.ProcessExecutionError(
                cmd=' '.join(cmd), exit_code=2,
                stderr='RTNETLINK answers: Operation not permitted')
        return host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    with pytest.raises(processutils.ProcessExecutionError):
        linux_net.ensure_bridge('br100')


# -- setting a network up -------------------------------------------------

class FakeHost:
    """Answers ``ip -j`` queries from a tiny model; records the rest."""

    def __init__(self, links=None, ports=(), namespaces=()):
        self.links = dict(links or {})
        self.ports = list(ports)
        self.namespaces = set(namespaces)
        self.commands = []

    def execute(self, *cmd, **kwargs):
        cmd = [str(part) for part in cmd]
        if '-j' in cmd:
            return self._query(cmd[cmd.index('-j') + 1:]), ''
        self.commands.append(' '.join(cmd))
        return '', ''

    def _query(self, args):
        if args[:1] == ['-d']:
            name = args[-1]
            return json.dumps([self.links[name]] if name in self.links
                              else [])
        if args[:2] == ['link', 'show']:
            return json.dumps([{'ifname': p} for p in self.ports])
        if args[:2] == ['netns', 'list']:
            return json.dumps([{'name': n} for n in self.namespaces])
        return '[]'


def test_setup_commands_add_no_way_off_the_host(tmp_path, monkeypatch):
    host = FakeHost()
    monkeypatch.setattr(processutils, 'execute', host.execute)
    monkeypatch.setattr(dhcp, 'pid', lambda files: 4242)
    driver = linux_net.LinuxNetDriver(str(tmp_path), 600, 'nobody')
    driver.ensure_network(NET)
    ns = 'minova-%s' % NET.uuid
    assert host.commands == [
        'ip link add br100 type bridge',
        'ip link set dev br100 addrgenmode none',
        'ip link set dev br100 up',
        'ip netns add %s' % ns,
        'ip netns exec %s sysctl -q -w net.ipv4.ip_forward=0' % ns,
        'ip -n %s link set lo up' % ns,
        'ip link add dhr-5e1d3c2b11 type veth peer name dhn-5e1d3c2b11 '
        'netns %s' % ns,
        'ip link set dev dhr-5e1d3c2b11 addrgenmode none',
        'ip link set dev dhr-5e1d3c2b11 master br100',
        'ip link set dev dhr-5e1d3c2b11 up',
        'ip -n %s addr flush dev dhn-5e1d3c2b11' % ns,
        'ip -n %s addr add 10.0.0.1/24 dev dhn-5e1d3c2b11' % ns,
        'ip -n %s link set dhn-5e1d3c2b11 up' % ns]
    text = '\n'.join(host.commands)
    for forbidden in ('nat', 'MASQUERADE', 'ip_forward=1', 'route add',
                      'addr add 10.0.0.1/24 dev br100'):
        assert forbidden not in text
    assert linux_net.read_records(str(tmp_path)) == {NET.uuid: {
        'bridge': 'br100', 'namespace': ns, 'created_bridge': True}}


@pytest.mark.parametrize('links,ports,reason', [
    ({'br100': {'ifname': 'br100', 'link_type': 'ether'}}, (),
     'is not a bridge'),
    ({'br100': {'ifname': 'br100', 'linkinfo': {'info_kind': 'bridge'}}},
     ('eth0', 'tap1234'), 'has ports that minova did not add (eth0)'),
])
def test_a_foreign_device_is_refused(links, ports, reason, tmp_path,
                                     monkeypatch):
    host = FakeHost(links, ports)
    monkeypatch.setattr(processutils, 'execute', host.execute)
    driver = linux_net.LinuxNetDriver(str(tmp_path), 600, 'nobody')
    with pytest.raises(exception.NetworkSetupFailed) as error:
        driver.ensure_network(NET)
    assert reason in error.value.format_message()
    assert host.commands == []


def test_teardown_keeps_a_bridge_guests_still_use(tmp_path, monkeypatch):
    ns = 'minova-%s' % NET.uuid
    host = FakeHost({'br100': {'linkinfo': {'info_kind': 'bridge'}}},
                    ports=['tapabc'], namespaces=[ns])
    monkeypatch.setattr(processutils, 'execute', host.execute)
    linux_net.write_record(str(tmp_path), NET.uuid, {
        'bridge': 'br100', 'namespace': ns, 'created_bridge': True})
    linux_net.LinuxNetDriver(str(tmp_path), 600, 'nobody').remove_network(
        NET.uuid)
    assert host.commands == ['ip netns delete %s' % ns]
    # Kept for the next try; once the taps are gone, the bridge goes.
    assert NET.uuid in linux_net.read_records(str(tmp_path))
    host.ports = []
    linux_net.teardown_all(str(tmp_path), wait=0)
    assert host.commands[-1] == 'ip link delete br100'
    assert linux_net.read_records(str(tmp_path)) == {}


def test_flat_interface_joins_the_network_bridge_and_keeps_no_bridge(
        tmp_path, monkeypatch, conf):
    """The operator's uplink (recorded, not run: tests never add a
    physical port) joins the guest bridge, is recorded, and does not
    keep the bridge from being removed with its network."""
    conf.config(flat_interface='eth1', group='network')
    host = FakeHost({'eth1': {'ifname': 'eth1', 'flags': ['BROADCAST']}})
    monkeypatch.setattr(processutils, 'execute', host.execute)
    monkeypatch.setattr(dhcp, 'pid', lambda files: 4242)
    driver = linux_net.LinuxNetDriver(str(tmp_path), 600, 'nobody',
                                      flat_interface='eth1')
    driver.ensure_network(NET)
    assert host.commands[:5] == ['ip link add br100 type bridge',
                                 'ip link set dev br100 addrgenmode none',
                                 'ip link set dev br100 up',
                                 'ip link set dev eth1 master br100',
                                 'ip link set dev eth1 up']
    assert linux_net.read_records(str(tmp_path))[NET.uuid]['uplink'] == \
        'eth1'
    host.links['br100'] = {'linkinfo': {'info_kind': 'bridge'}}
    host.ports = ['eth1']
    linux_net.teardown_all(str(tmp_path), wait=0)
    assert host.commands[-1] == 'ip link delete br100'
    assert linux_net.read_records(str(tmp_path)) == {}


def test_setups_of_one_network_take_turns(tmp_path, monkeypatch):
    """An allocation and the periodic host sync set up a new network at
    once: one's ``addr flush`` must not land between the other's flush and
    add (the add then failed with "File exists")."""
    import threading
    import time
    host = FakeHost()
    inside = []
    overlapped = []

    def execute(*cmd, **kwargs):
        if 'flush' in cmd:
            inside.append(threading.get_ident())
            if len(set(inside)) > 1:
                overlapped.append(cmd)
            time.sleep(0.05)        # the other setup would run meanwhile
        if 'add' in cmd and 'addr' in cmd:
            inside.remove(threading.get_ident())
        return host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    monkeypatch.setattr(dhcp, 'pid', lambda files: 4242)
    driver = linux_net.LinuxNetDriver(str(tmp_path), 600, 'nobody')
    setups = [threading.Thread(target=driver.ensure_network, args=(NET,))
              for _ in range(2)]
    for setup in setups:
        setup.start()
    for setup in setups:
        setup.join(10)
    assert overlapped == []
    assert sum('addr add 10.0.0.1/24' in c for c in host.commands) == 2


class VanishingVethHost(FakeHost):
    """The kernel deletes the veth pair of a deleted namespace a moment
    later: our end is still listed, then gone before our delete."""

    def execute(self, *cmd, **kwargs):
        cmd = [str(part) for part in cmd]
        if cmd[:3] == ['ip', 'link', 'delete'] and cmd[3] in self.links \
                and cmd[3].startswith('dhr-'):
            del self.links[cmd[3]]
            raise processutils.ProcessExecutionError(
                exit_code=1, cmd=' '.join(cmd),
                stderr='Cannot find device "%s"' % cmd[3])
        return super().execute(*cmd, **kwargs)


def test_teardown_goes_on_when_the_veth_vanishes_meanwhile(
        tmp_path, monkeypatch):
    ns = 'minova-%s' % NET.uuid
    host = VanishingVethHost(
        {'br100': {'linkinfo': {'info_kind': 'bridge'}},
         'dhr-5e1d3c2b11': {'ifname': 'dhr-5e1d3c2b11'}}, namespaces=[ns])
    monkeypatch.setattr(processutils, 'execute', host.execute)
    linux_net.write_record(str(tmp_path), NET.uuid, {
        'bridge': 'br100', 'namespace': ns, 'created_bridge': True})
    linux_net.teardown_all(str(tmp_path), wait=0)
    # The bridge and the record go too (before: the failed delete of the
    # vanished veth end left both behind).
    assert host.commands[-1] == 'ip link delete br100'
    assert linux_net.read_records(str(tmp_path)) == {}


def test_teardown_fails_when_the_veth_stays(tmp_path, monkeypatch):
    ns = 'minova-%s' % NET.uuid
    host = FakeHost({'dhr-5e1d3c2b11': {'ifname': 'dhr-5e1d3c2b11'}})

    def execute(*cmd, **kwargs):
        if list(cmd[:3]) == ['ip', 'link', 'delete']:
            raise processutils.ProcessExecutionError(exit_code=2,
                                                     stderr='busy')
        return host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    linux_net.write_record(str(tmp_path), NET.uuid, {
        'bridge': 'br100', 'namespace': ns, 'created_bridge': True})
    with pytest.raises(processutils.ProcessExecutionError):
        linux_net.teardown_all(str(tmp_path), wait=0)
