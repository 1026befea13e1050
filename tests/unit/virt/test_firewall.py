"""The compute host's firewall: what the privileged entry points render
and refuse, and the seed's order around a guest's start."""

import pytest

from oslo_concurrency import processutils

from minova import exception
from minova import privsep
from minova.privsep import firewall as priv_fw
from minova.virt.libvirt import firewall

NAME = 'instance-00000001-3f2a9b'
TAP = 'tap3f2a9b1c-11'
MAC = 'fa:16:3e:00:00:02'


@pytest.fixture
def ran(monkeypatch):
    """Entry points run in this process; their commands are recorded."""
    commands = []
    privsep.sys_admin_pctxt.set_client_mode(False)

    def execute(*cmd, **kwargs):
        commands.append((' '.join(str(c) for c in cmd),
                         kwargs.get('process_input')))
        return '', ''
    monkeypatch.setattr(processutils, 'execute', execute)
    yield commands
    privsep.sys_admin_pctxt.set_client_mode(True)


def test_inbound_chain_text():
    text = priv_fw.iptables_input(NAME, '10.0.0.1', [
        {'protocol': 'tcp', 'from_port': 22, 'to_port': 22,
         'cidr': '0.0.0.0/0'},
        {'protocol': 'icmp', 'from_port': -1, 'to_port': -1,
         'cidr': '10.0.0.0/24'},
        {'protocol': 'icmp', 'from_port': 8, 'to_port': -1,
         'cidr': '10.0.0.0/24'},
        {'protocol': None, 'from_port': None, 'to_port': None,
         'cidr': '10.0.0.5/32'}])
    lines = text.splitlines()
    chain = NAME + '-i'
    assert lines[:2] == ['*filter', ':%s - [0:0]' % chain]
    assert '-A %s -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT' \
        % chain in lines
    assert '-A %s -s 10.0.0.1 -p udp -m udp --sport 67 --dport 68 ' \
        '-j ACCEPT' % chain in lines
    assert '-A %s -s 0.0.0.0/0 -p tcp -m tcp --dport 22:22 -j ACCEPT' \
        % chain in lines
    assert '-A %s -s 10.0.0.0/24 -p icmp -j ACCEPT' % chain in lines
    assert '-A %s -s 10.0.0.0/24 -p icmp -m icmp --icmp-type 8 -j ACCEPT' \
        % chain in lines
    assert '-A %s -s 10.0.0.5/32 -j ACCEPT' % chain in lines
    # Default deny, last.
    assert lines[-2:] == ['-A %s -j DROP' % chain, 'COMMIT']
    assert text.endswith('COMMIT\n')
    assert 'nat' not in text and 'DNAT' not in text


def test_antispoofing_table_text():
    text = priv_fw.nft_input(NAME, TAP, MAC.upper(), ['10.0.0.2'])
    assert text.startswith('table bridge %s\ndelete table bridge %s\n'
                           % (NAME, NAME))
    assert 'iifname "%s" jump from_guest' % TAP in text
    assert 'ether saddr != %s counter drop' % MAC in text
    assert 'arp saddr ether != %s counter drop' % MAC in text
    assert 'ether type arp counter drop' in text
    assert 'ip saddr { 10.0.0.2 } return' in text
    assert text.rstrip().endswith('counter drop\n  }\n}')


@pytest.mark.parametrize('call', [
    # Another table, or a NAT/route rule in the root namespace: no
    # argument can carry one.
    lambda: priv_fw.set_inbound_filter(NAME, TAP, '10.0.0.1', [
        {'protocol': 'tcp', 'from_port': 22, 'to_port': 22,
         'cidr': '0.0.0.0/0 -t nat -j DNAT'}]),
    lambda: priv_fw.set_inbound_filter(NAME, TAP, '10.0.0.1', [
        {'protocol': 'tcp -j MASQUERADE', 'from_port': 1, 'to_port': 2,
         'cidr': '0.0.0.0/0'}]),
    lambda: priv_fw.set_inbound_filter('nat', TAP, None, []),
    lambda: priv_fw.set_inbound_filter('POSTROUTING', TAP, None, []),
    lambda: priv_fw.set_inbound_filter(NAME, 'eth0', None, []),
    lambda: priv_fw.set_inbound_filter(NAME, TAP, '10.0.0.1; reboot', []),
    lambda: priv_fw.set_inbound_filter(NAME, TAP, None, [
        {'protocol': 'tcp', 'from_port': '22 -j ACCEPT', 'to_port': 22,
         'cidr': '0.0.0.0/0'}]),
    lambda: priv_fw.set_inbound_filter(NAME, TAP, None, [
        {'protocol': 'tcp', 'from_port': 30, 'to_port': 22,
         'cidr': '0.0.0.0/0'}]),
    lambda: priv_fw.set_basic_filter(NAME, TAP, 'x; rm -rf /', []),
    lambda: priv_fw.set_basic_filter(NAME, TAP, MAC, ['10.0.0.0/24 } ']),
    lambda: priv_fw.set_basic_filter('instance-1; flush ruleset', TAP,
                                     MAC, []),
    lambda: priv_fw.remove_filters(NAME, 'br100'),
    lambda: priv_fw.set_hairpin('eth0'),
])
def test_entry_points_refuse_anything_but_a_guest_filter(call, ran):
    with pytest.raises(exception.PrivilegedArgumentError):
        call()
    assert ran == []


def test_inbound_filter_commands(ran):
    priv_fw.set_inbound_filter(NAME, TAP, '10.0.0.1', [])
    cmds = [cmd for cmd, _input in ran]
    assert cmds[0] == 'iptables-restore -w --noflush'
    assert ran[0][1].startswith('*filter\n')
    jump = 'FORWARD -m physdev --physdev-out %s --physdev-is-bridged ' \
        '-j %s-i' % (TAP, NAME)
    assert cmds[1] == 'iptables -w -D %s' % jump
    assert cmds[-1] == 'iptables -w -I %s' % jump


def test_remove_filters_commands(ran):
    priv_fw.remove_filters(NAME, TAP)
    cmds = [cmd for cmd, _input in ran]
    assert cmds[-3:] == ['iptables -w -F %s-i' % NAME,
                         'iptables -w -X %s-i' % NAME,
                         'nft delete table bridge %s' % NAME]


# -- the driver ---------------------------------------------------------

class FakePriv:
    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return lambda *args: self.calls.append((name,) + args)


class Instance:
    id = 1
    uuid = '3f2a9b1c-1111-2222-3333-444455556666'


NETWORK_INFO = [{'id': '3f2a9b1c-1111', 'address': MAC, 'devname': TAP,
                 'network': {'subnets': [{
                     'ips': [{'address': '10.0.0.2', 'type': 'fixed'}],
                     'meta': {'dhcp_server': '10.0.0.1'}}]}}]


def test_seed_order_and_undo(monkeypatch):
    priv = FakePriv()
    driver = firewall.IptablesFirewallDriver(priv)
    rules = [{'protocol': 'tcp', 'from_port': 22, 'to_port': 22,
              'cidr': '0.0.0.0/0'}]
    monkeypatch.setattr(firewall.IptablesFirewallDriver, 'instance_rules',
                        staticmethod(lambda context, instance: rules))
    assert firewall.filter_name(Instance) == NAME
    driver.setup_basic_filtering(None, Instance, NETWORK_INFO)
    driver.prepare_instance_filter(None, Instance, NETWORK_INFO)
    driver.apply_instance_filter(None, Instance, NETWORK_INFO)
    driver.unfilter_instance(Instance, NETWORK_INFO)
    assert priv.calls == [
        ('set_basic_filter', NAME, TAP, MAC, ['10.0.0.2']),
        ('set_inbound_filter', NAME, TAP, '10.0.0.1', rules),
        ('set_hairpin', TAP),
        ('remove_filters', NAME, TAP)]


# -- the router's NAT (minova.privsep.router) ----------------------------

def test_router_nat_text():
    from minova.privsep import router
    text = router.nat_input('dhn-1', 'qg-1', [('172.24.4.5', '10.0.0.2')],
                            metadata_port=8775)
    assert text.startswith('*nat\n')
    assert '-A PREROUTING -d 172.24.4.5/32 -j DNAT --to-destination ' \
        '10.0.0.2' in text
    assert '-A POSTROUTING -s 10.0.0.2/32 -o qg-1 -j SNAT --to-source ' \
        '172.24.4.5' in text
    assert '-A PREROUTING -i dhn-1 -d 169.254.169.254/32 -p tcp -m tcp ' \
        '--dport 80 -j REDIRECT --to-ports 8775' in text


@pytest.mark.parametrize('call', [
    # NAT in the root namespace: it cannot be named.
    lambda r: r.set_nat('', 'dhn-1', 'qg-1', [('172.24.4.5', '10.0.0.2')]),
    lambda r: r.set_nat('1', 'dhn-1', 'qg-1', []),
    lambda r: r.set_nat('default', 'dhn-1', 'qg-1', []),
    lambda r: r.set_nat('/proc/1/ns/net', 'dhn-1', 'qg-1', []),
    lambda r: r.enable_forwarding(''),
    lambda r: r.enable_forwarding('root'),
    # No rule text smuggled through an address or an interface.
    lambda r: r.set_nat('minova-x', 'dhn-1', 'qg-1',
                        [('0.0.0.0/0 -j MASQUERADE', '10.0.0.2')]),
    lambda r: r.set_nat('minova-x', 'eth0 -j ACCEPT', 'qg-1', []),
    lambda r: r.set_nat('minova-x', 'dhn-1', 'qg-1', [], '80; reboot'),
])
def test_router_entry_points_refuse_the_root_namespace(call, ran):
    from minova.privsep import router
    with pytest.raises(exception.PrivilegedArgumentError):
        call(router)
    assert ran == []


def test_router_commands_run_in_the_namespace(ran):
    from minova.privsep import router
    router.enable_forwarding('minova-x')
    router.set_nat('minova-x', 'dhn-1', 'qg-1', [])
    assert [cmd for cmd, _input in ran] == [
        'ip netns exec minova-x sysctl -q -w net.ipv4.ip_forward=1',
        'ip netns exec minova-x iptables-restore -w -T nat']
