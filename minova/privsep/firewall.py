"""Privileged entry points of the compute host's firewall: per-instance
filters on a guest's tap, and nothing else.

Each entry point takes the instance's chain name, its tap, its MAC and
fixed IPs and its inbound rules as plain values, checks them, and
renders the commands itself: an nftables ``bridge`` table (anti-spoofing:
the guest sends only from its MAC and fixed IPs; each drop counts what it
dropped, for the operator) and two chains in
iptables' ``filter`` table (inbound: established, DHCP, the security
group rules, then drop). No argument can name another table (``nat``),
another family, a target other than ACCEPT/DROP/RETURN or our chains,
or a route: the root namespace is filtered here, never NATed or routed.
"""

import re

from oslo_concurrency import processutils

from minova import privsep
from minova.privsep import checks

# '<instance name>-<uuid prefix>': iptables allows 28 characters with
# the '-i' suffix.
_CHAIN = re.compile(r'^instance-[0-9a-f]{1,8}-[0-9a-f]{6}$')
_PROTOCOLS = ('tcp', 'udp', 'icmp')
_PHYSDEV_IN = '-m physdev --physdev-out %s --physdev-is-bridged'


def chain(name):
    if not isinstance(name, str) or not _CHAIN.match(name):
        checks.refuse(name, 'not an instance chain (instance-<id>-<uuid>)')
    return name


def _tap(name):
    checks.interface(name)
    if not name.startswith('tap'):
        checks.refuse(name, 'instance filters apply to guest taps only')
    return name


def _port(value, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or \
            not low <= value <= high:
        checks.refuse(value, 'not a port/type in %d..%d' % (low, high))
    return value


def inbound_rule(rule):
    """One rendered ``-A`` tail from {'protocol', 'from_port', 'to_port',
    'cidr'}; protocol None (a group rule without one) lets all in."""
    cidr = checks.cidr(rule.get('cidr'))
    protocol = rule.get('protocol')
    if protocol is None:
        return '-s %s -j ACCEPT' % cidr
    if protocol not in _PROTOCOLS:
        checks.refuse(protocol, 'not one of %s' % ', '.join(_PROTOCOLS))
    if protocol == 'icmp':
        icmp_type = _port(rule.get('from_port'), -1, 255)
        code = _port(rule.get('to_port'), -1, 255)
        match = '' if icmp_type == -1 else ' --icmp-type %d%s' % (
            icmp_type, '' if code == -1 else '/%d' % code)
        return '-s %s -p icmp -m icmp%s -j ACCEPT' % (cidr, match) \
            if match else '-s %s -p icmp -j ACCEPT' % cidr
    first = _port(rule.get('from_port'), 1, 65535)
    last = _port(rule.get('to_port'), first, 65535)
    return '-s %s -p %s -m %s --dport %d:%d -j ACCEPT' % (
        cidr, protocol, protocol, first, last)


def iptables_input(name, dhcp_server, rules):
    """The ``iptables-restore --noflush`` text of the inbound chain."""
    inbound = name + '-i'
    lines = ['*filter', ':%s - [0:0]' % inbound,
             '-A %s -m conntrack --ctstate INVALID -j DROP' % inbound,
             '-A %s -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'
             % inbound]
    if dhcp_server:
        lines.append('-A %s -s %s -p udp -m udp --sport 67 --dport 68 '
                     '-j ACCEPT' % (inbound, checks.address(dhcp_server)))
    lines += ['-A %s %s' % (inbound, inbound_rule(r)) for r in rules]
    lines += ['-A %s -j DROP' % inbound, 'COMMIT', '']
    return '\n'.join(lines)


def nft_input(name, tap, mac, addresses):
    """The ``nft -f`` text of the anti-spoofing table (replaced whole)."""
    ips = ', '.join(checks.address(a) for a in addresses) or '0.0.0.0'
    return '\n'.join([
        'table bridge %s' % name,
        'delete table bridge %s' % name,
        'table bridge %s {' % name,
        '  chain spoofing {',
        '    type filter hook forward priority -10; policy accept;',
        '    iifname "%s" jump from_guest' % _tap(tap),
        '  }',
        '  chain from_guest {',
        '    ether saddr != %s counter drop' % checks.mac(mac),
        '    arp saddr ether != %s counter drop' % mac.lower(),
        '    arp saddr ip { %s, 0.0.0.0 } return' % ips,
        '    ether type arp counter drop',
        '    ip saddr { %s } return' % ips,
        '    ip saddr 0.0.0.0 udp dport 67 return',
        '    counter drop',
        '  }',
        '}', ''])


def _jump(tap, name):
    return ['FORWARD'] + (_PHYSDEV_IN % tap).split() + ['-j', name + '-i']


def _delete_jumps(tap, name):
    for _attempt in range(10):
        _out, err = processutils.execute('iptables', '-w', '-D',
                                         *_jump(tap, name),
                                         check_exit_code=False)
        if err:
            return


@privsep.sys_admin_pctxt.entrypoint
def set_basic_filter(name, tap, mac, addresses):
    """The guest sends only from ``mac`` and ``addresses`` (and DHCP)."""
    processutils.execute('nft', '-f', '-', process_input=nft_input(
        chain(name), tap, mac, list(addresses)))


@privsep.sys_admin_pctxt.entrypoint
def set_inbound_filter(name, tap, dhcp_server, rules):
    """Replace the inbound chain and make FORWARD jump to it once."""
    text = iptables_input(chain(name), dhcp_server, list(rules))
    _tap(tap)
    processutils.execute('iptables-restore', '-w', '--noflush',
                         process_input=text)
    _delete_jumps(tap, name)
    processutils.execute('iptables', '-w', '-I', *_jump(tap, name))


@privsep.sys_admin_pctxt.entrypoint
def remove_filters(name, tap):
    """Everything the two entry points above made; missing is fine."""
    chain(name)
    _delete_jumps(_tap(tap), name)
    processutils.execute('iptables', '-w', '-F', name + '-i',
                         check_exit_code=False)
    processutils.execute('iptables', '-w', '-X', name + '-i',
                         check_exit_code=False)
    processutils.execute('nft', 'delete', 'table', 'bridge', name,
                         check_exit_code=False)


@privsep.sys_admin_pctxt.entrypoint
def set_hairpin(tap):
    """Frames may leave the tap they came in by: a guest reaching its own
    floating IP through the router comes back the same way."""
    processutils.execute('ip', 'link', 'set', 'dev', _tap(tap), 'type',
                         'bridge_slave', 'hairpin', 'on')
