"""The compute host plugs its own VIFs (os-vif's linux_bridge way): the
guest's bridge is made when it is missing, set up the same race-safe way
as minova-network's, and gets the operator's ``[network] flat_interface``
only when one is configured. Every root command is recorded at the
processutils boundary, never run."""

import json

from oslo_concurrency import processutils
import pytest

from minova import exception
from minova.privsep import linux_net as priv_net
from minova.virt.libvirt import vif as libvirt_vif
from tests.unit.virt.libvirt import conftest as fixtures

BRIDGE = {'ifname': 'br100', 'linkinfo': {'info_kind': 'bridge'},
          'flags': ['BROADCAST', 'UP']}


class Host:
    """Answers ``ip -j`` queries (links, bridge ports, addresses) from a
    small model; records every other command."""

    def __init__(self, links=None, ports=(), addresses=None):
        self.links = dict(links or {})
        self.ports = list(ports)
        self.addresses = dict(addresses or {})
        self.commands = []

    def execute(self, *cmd, **kwargs):
        cmd = [str(part) for part in cmd]
        if '-j' not in cmd:
            self.commands.append(' '.join(cmd))
            return '', ''
        args = cmd[cmd.index('-j') + 1:]
        if args[:1] == ['-d']:
            found = [self.links[args[-1]]] if args[-1] in self.links else []
        elif args[:2] == ['link', 'show']:
            found = [{'ifname': port} for port in self.ports]
        elif args[:2] == ['addr', 'show']:
            found = [{'addr_info': [
                {'local': a.split('/')[0], 'prefixlen': a.split('/')[1]}
                for a in self.addresses.get(args[-1], [])]}]
        else:
            found = []
        return json.dumps(found), ''


@pytest.fixture(autouse=True)
def _privsep_in_process():
    from minova import privsep
    privsep.sys_admin_pctxt.set_client_mode(False)
    yield
    privsep.sys_admin_pctxt.set_client_mode(True)


@pytest.fixture
def ip_host(monkeypatch):
    model = Host()
    monkeypatch.setattr(processutils, 'execute', model.execute)
    return model


def _plug(vif=None):
    vif = vif or fixtures.VIF
    libvirt_vif.LibvirtVIFDriver().plug_vifs(fixtures.make_instance(), [vif])


def test_a_missing_bridge_is_made_with_no_port_and_no_address(ip_host):
    _plug()
    assert ip_host.commands == ['ip link add br100 type bridge',
                                'ip link set dev br100 addrgenmode none',
                                'ip link set dev br100 up']
    # Off by default: no physical port joins the bridge.
    assert not [c for c in ip_host.commands if ' master ' in c]


def test_the_bridge_minova_network_made_is_used_as_it_is(ip_host):
    ip_host.links['br100'] = BRIDGE
    ip_host.ports = ['dhr-5e1d3c2b11', 'tapabcdef12-34']
    _plug()
    assert ip_host.commands == ['ip link set dev br100 addrgenmode none',
                                'ip link set dev br100 up']


def test_two_creators_of_one_bridge_both_succeed(ip_host, monkeypatch):
    """The other creator (minova-network's host sync, a second build)
    made the bridge between our look and our ``ip link add``."""
    def execute(*cmd, **kwargs):
        if cmd[:3] == ('ip', 'link', 'add'):
            ip_host.links['br100'] = BRIDGE
            raise processutils.ProcessExecutionError(
                cmd=' '.join(cmd), exit_code=2,
                stderr='RTNETLINK answers: File exists')
        return ip_host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    _plug()
    _plug()
    assert ip_host.commands == ['ip link set dev br100 addrgenmode none',
                                'ip link set dev br100 up'] * 2


def test_a_bridge_with_a_foreign_port_fails_the_plug(ip_host):
    ip_host.links['br100'] = BRIDGE
    ip_host.ports = ['eth0']
    with pytest.raises(exception.NetworkSetupFailed) as error:
        _plug()
    assert 'has ports that minova did not add (eth0)' in \
        error.value.format_message()
    assert ip_host.commands == []


def test_a_bridge_that_cannot_be_made_fails_the_plug(ip_host, monkeypatch):
    def execute(*cmd, **kwargs):
        if cmd[:3] == ('ip', 'link', 'add'):
            raise processutils.ProcessExecutionError(
                cmd=' '.join(cmd), exit_code=2,
                stderr='RTNETLINK answers: Operation not permitted')
        return ip_host.execute(*cmd, **kwargs)
    monkeypatch.setattr(processutils, 'execute', execute)
    with pytest.raises(exception.NetworkSetupFailed) as error:
        _plug()
    assert 'Operation not permitted' in error.value.format_message()


def test_only_bridge_vifs_are_plugged(ip_host):
    with pytest.raises(exception.UnsupportedHardware):
        _plug(dict(fixtures.VIF, type='ovs'))
    assert ip_host.commands == []


# -- [network] flat_interface (an operator's choice; never set for real
# by tests: these commands are recorded, not run) -----------------------

@pytest.fixture
def uplink(conf, ip_host):
    conf.config(flat_interface='eth1', group='network')
    ip_host.links['eth1'] = {'ifname': 'eth1', 'flags': ['BROADCAST']}
    return ip_host


def test_flat_interface_joins_the_bridge(uplink):
    _plug()
    assert uplink.commands == ['ip link add br100 type bridge',
                               'ip link set dev br100 addrgenmode none',
                               'ip link set dev br100 up',
                               'ip link set dev eth1 master br100',
                               'ip link set dev eth1 up']


def test_flat_interface_already_in_the_bridge_is_left_alone(uplink):
    uplink.links['br100'] = BRIDGE
    uplink.links['eth1'] = {'ifname': 'eth1', 'master': 'br100',
                            'flags': ['BROADCAST', 'UP']}
    uplink.ports = ['eth1', 'tapabcdef12-34']
    _plug()
    assert uplink.commands == ['ip link set dev br100 addrgenmode none',
                               'ip link set dev br100 up']


@pytest.mark.parametrize('change,reason', [
    (lambda h: h.links.pop('eth1'), 'flat_interface eth1 does not exist'),
    (lambda h: h.addresses.update(eth1=['192.0.2.7/24']),
     'flat_interface eth1 has addresses (192.0.2.7/24)'),
    (lambda h: h.links['eth1'].update(master='br-other'),
     'flat_interface eth1 is a port of br-other'),
])
def test_an_unfit_flat_interface_is_refused(uplink, change, reason):
    change(uplink)
    with pytest.raises(exception.NetworkSetupFailed) as error:
        _plug()
    assert reason in error.value.format_message()
    assert not [c for c in uplink.commands if ' master ' in c]


def test_the_uplink_entry_point_takes_only_the_configured_interface(
        conf, ip_host):
    # Nothing configured: refused, whatever the bridge.
    with pytest.raises(exception.PrivilegedArgumentError):
        priv_net.add_uplink('br100')
    conf.config(flat_interface='eth1', public_bridge='br-public',
                group='network')
    # Never into the public bridge, and no other port than eth1 ever:
    # the generic port entry point still refuses a physical device.
    with pytest.raises(exception.PrivilegedArgumentError):
        priv_net.add_uplink('br-public')
    with pytest.raises(exception.PrivilegedArgumentError):
        priv_net.set_link_master('eth1', 'br100')
    assert ip_host.commands == []
    priv_net.add_uplink('br100')
    assert ip_host.commands == ['ip link set dev eth1 master br100',
                                'ip link set dev eth1 up']
