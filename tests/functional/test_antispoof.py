"""A guest cannot send as another: a real guest (libvirt, TCG), told by
its user data ("minova-spoof <IP> <MAC>") to ping its gateway from its
own address, then from a foreign IP, to claim that IP by ARP, and to
ping from a foreign MAC, prints what it sent on its console.

The far side is the gateway's own port in the network's router
namespace: counters there (an nftables ``netdev`` table of the test's,
inside that namespace) see the guest's own pings arrive and none of
the spoofed frames; the counters of the guest's anti-spoofing table on
the compute host show they were sent and dropped there. Every wait is
bounded.
"""

import re
import subprocess

from minova.network import linux_net
from tests.functional import cloud as cloud_lib
from tests.functional.test_reachable import _boot
from tests.functional.test_reachable import _console
from tests.functional.test_reachable import _nft_table
from tests.functional.test_reachable import _sh
from tests.functional.test_reachable import _wait_until
from tests.functional.test_reachable import pytestmark  # noqa: F401
from tests.functional.test_reachable import world  # noqa: F401 (fixture)

FOREIGN_IP = '10.61.0.250'
FOREIGN_MAC = 'fa:16:3e:5b:00:fe'
TABLE = 'minova_spoof_test'


def _far_side_counters(namespace, device):
    """What reaches the gateway's port: the guest's own pings, and
    anything from the foreign IP or MAC."""
    ruleset = '\n'.join([
        'table netdev %s {' % TABLE,
        '  counter own_pings {}', '  counter from_ip {}',
        '  counter arp_ip {}', '  counter from_mac {}',
        '  chain ingress {',
        '    type filter hook ingress device "%s" priority -500;' % device,
        '    ether saddr %s counter name from_mac' % FOREIGN_MAC,
        '    ip saddr %s counter name from_ip' % FOREIGN_IP,
        '    arp saddr ip %s counter name arp_ip' % FOREIGN_IP,
        '    ether saddr != %s ip saddr != %s icmp type echo-request '
        'counter name own_pings' % (FOREIGN_MAC, FOREIGN_IP),
        '  }', '}', ''])
    subprocess.run(['ip', 'netns', 'exec', namespace, 'nft', '-f', '-'],
                   input=ruleset, text=True, check=True, timeout=30,
                   capture_output=True)


def _counter(namespace, name):
    listing = _sh('ip', 'netns', 'exec', namespace, 'nft', 'list', 'counter',
                  'netdev', TABLE, name).stdout
    return int(re.search(r'packets (\d+)', listing).group(1))


def _dropped(listing, match_part):
    """Packets counted by the guest's anti-spoofing drop rule that
    matches ``match_part`` ('' for the last, which matches all)."""
    match = re.search(r'^\s*%scounter packets (\d+) bytes \d+ drop$'
                      % re.escape(match_part and match_part + ' '),
                      listing, re.M)
    assert match, (rule, listing)
    return int(match.group(1))


def test_a_guest_cannot_send_from_another_ip_or_mac(world):  # noqa: F811
    c, _outside = world
    names = linux_net.Names(c.net, None)
    _far_side_counters(names.namespace, names.veth_ns)
    sid = None
    try:
        sid = _boot(c, 'spoofer', user_data=cloud_lib.user_data(
            'minova-spoof %s %s\n' % (FOREIGN_IP, FOREIGN_MAC)))
        c.wait_for_server(sid, timeout=300)
        _wait_until(lambda: 'minova-guest: spoof done' in _console(c, sid),
                    300, 'the guest tried to spoof')
        server = c.admin.get('/servers/%s' % sid).json()['server']
        [port] = server['addresses']['guests']
        console = _console(c, sid)
        for line in ('control: 3 sent from %s %s' % (
                         port['addr'], port['OS-EXT-IPS-MAC:mac_addr']),
                     'ip %s: 3 sent' % FOREIGN_IP,
                     'arp %s: 3 sent' % FOREIGN_IP,
                     'mac %s: 3 sent' % FOREIGN_MAC):
            assert 'minova-guest: spoof ' + line in console, console

        # The guest's own pings arrive; nothing it sent as another does.
        ns = names.namespace
        assert _counter(ns, 'own_pings') >= 3
        assert _counter(ns, 'from_ip') == 0
        assert _counter(ns, 'arp_ip') == 0
        assert _counter(ns, 'from_mac') == 0

        # They left the guest: its anti-spoofing table dropped them.
        table = _nft_table('instance-%s-%s' % (
            server['OS-EXT-SRV-ATTR:instance_name'][-8:], sid[:6]))
        mac = port['OS-EXT-IPS-MAC:mac_addr'].lower()
        assert _dropped(table, 'ether saddr != %s' % mac) >= 1
        assert _dropped(table, 'ether type arp') >= 3
        assert _dropped(table, '') >= 3
    finally:
        _sh('ip', 'netns', 'exec', names.namespace, 'nft', 'delete',
            'table', 'netdev', TABLE, check=False)
        if sid is not None:
            c.api.delete('/servers/%s' % sid)
            c.wait_for_deleted(sid, timeout=120)
