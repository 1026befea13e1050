"""Privileged entry points of a network's router: forwarding and NAT
inside its minova namespace, never in the root one.

``set_nat`` renders the namespace's whole ``nat`` table from plain
values: each floating IP DNATed to its fixed IP and the fixed IP SNATed
to it on the way out the public port, and the metadata address
redirected to the namespace's metadata proxy. The namespace argument
must be a minova namespace: the root namespace cannot be named.
"""

import os

from oslo_concurrency import processutils

import minova
from minova import privsep
from minova.privsep import checks

METADATA_ADDRESS = '169.254.169.254'


def _port(value):
    if not isinstance(value, int) or isinstance(value, bool) or \
            not 1 <= value <= 65535:
        checks.refuse(value, 'not a port')
    return value


def nat_input(lan_interface, public_interface, pairs, metadata_port=None):
    """``iptables-restore`` text of the router's ``nat`` table."""
    lan = checks.interface(lan_interface)
    public = checks.interface(public_interface) if pairs else None
    lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]',
             ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]']
    if metadata_port is not None:
        lines.append('-A PREROUTING -i %s -d %s/32 -p tcp -m tcp --dport 80 '
                     '-j REDIRECT --to-ports %d'
                     % (lan, METADATA_ADDRESS, _port(metadata_port)))
    for floating, fixed in pairs:
        floating, fixed = checks.address(floating), checks.address(fixed)
        lines += ['-A PREROUTING -d %s/32 -j DNAT --to-destination %s'
                  % (floating, fixed),
                  '-A OUTPUT -d %s/32 -j DNAT --to-destination %s'
                  % (floating, fixed),
                  '-A POSTROUTING -s %s/32 -o %s -j SNAT --to-source %s'
                  % (fixed, public, floating)]
    lines += ['COMMIT', '']
    return '\n'.join(lines)


@privsep.sys_admin_pctxt.entrypoint
def set_nat(namespace, lan_interface, public_interface, pairs,
            metadata_port=None):
    """Replace the nat table of a minova namespace."""
    text = nat_input(lan_interface, public_interface, list(pairs),
                     metadata_port)
    processutils.execute('ip', 'netns', 'exec', checks.namespace(namespace),
                         'iptables-restore', '-w', '-T', 'nat',
                         process_input=text)


@privsep.sys_admin_pctxt.entrypoint
def enable_forwarding(namespace):
    """IP forwarding on inside a minova namespace (its router)."""
    processutils.execute('ip', 'netns', 'exec', checks.namespace(namespace),
                         'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1')


@privsep.sys_admin_pctxt.entrypoint
def start_metadata_proxy(namespace, network_id, port, socket_path,
                         pid_file):
    """The network's metadata proxy, inside its namespace (it forks)."""
    import sys
    from oslo_utils import uuidutils
    if not uuidutils.is_uuid_like(network_id):
        checks.refuse(network_id, 'not a network uuid')
    for path in (socket_path, pid_file):
        if not isinstance(path, str) or not path.startswith('/') or \
                '..' in path:
            checks.refuse(path, 'not an absolute path')
    # From the tree this daemon runs (a checkout on PYTHONPATH included).
    tree = os.path.dirname(os.path.dirname(os.path.abspath(
        minova.__file__)))
    processutils.execute('ip', 'netns', 'exec', checks.namespace(namespace),
                         sys.executable, '-m',
                         'minova.network.metadata_proxy', network_id,
                         str(_port(port)), socket_path, pid_file, cwd=tree)
