"""Privileged entry points for bridges, veth pairs and namespaces.

Each runs one ``ip`` (or ``sysctl`` inside a namespace) command after its
checks; the root namespace gets devices only, never an address or route.
The one physical port that may join a bridge is the operator's
``[network] flat_interface``, read here, never taken from the caller.
"""

from oslo_concurrency import processutils

import minova.conf
from minova import privsep
from minova.privsep import checks

CONF = minova.conf.CONF


def _ip(*args, check_exit_code=0):
    out, _err = processutils.execute('ip', *args,
                                     check_exit_code=check_exit_code)
    return out


@privsep.sys_admin_pctxt.entrypoint
def add_bridge(name):
    _ip('link', 'add', checks.interface(name), 'type', 'bridge')


@privsep.sys_admin_pctxt.entrypoint
def set_addrgenmode_none(dev):
    """No IPv6 link-local address on a root-namespace device."""
    _ip('link', 'set', 'dev', checks.interface(dev), 'addrgenmode', 'none')


@privsep.sys_admin_pctxt.entrypoint
def flush_addresses(dev):
    """Remove every address of a root-namespace device (never adds one)."""
    _ip('addr', 'flush', 'dev', checks.interface(dev))


@privsep.sys_admin_pctxt.entrypoint
def set_link_up(dev):
    _ip('link', 'set', 'dev', checks.interface(dev), 'up')


@privsep.sys_admin_pctxt.entrypoint
def set_link_master(dev, bridge):
    """Put one of our ports (a tap, a veth end) into a bridge: never a
    physical device, which could lead off the host."""
    _ip('link', 'set', 'dev', checks.our_port(dev), 'master',
        checks.interface(bridge))


@privsep.sys_admin_pctxt.entrypoint
def add_uplink(bridge):
    """The operator's ``[network] flat_interface`` into a guest bridge,
    and up. Refused when none is configured, and for the public bridge
    (floating IPs stay inside the router namespaces)."""
    uplink = CONF.network.flat_interface
    if not uplink:
        checks.refuse(bridge, 'no [network] flat_interface is configured: '
                      'no physical port joins a bridge')
    if bridge == CONF.network.public_bridge:
        checks.refuse(bridge, 'the public bridge gets no uplink')
    _ip('link', 'set', 'dev', checks.interface(uplink), 'master',
        checks.interface(bridge))
    _ip('link', 'set', 'dev', uplink, 'up')


@privsep.sys_admin_pctxt.entrypoint
def delete_link(dev):
    _ip('link', 'delete', checks.interface(dev))


@privsep.sys_admin_pctxt.entrypoint
def add_veth_pair(root_end, namespace_end, namespace):
    """A veth pair whose second end lives in a minova namespace."""
    _ip('link', 'add', checks.our_port(root_end), 'type', 'veth', 'peer',
        'name', checks.interface(namespace_end), 'netns',
        checks.namespace(namespace))


@privsep.sys_admin_pctxt.entrypoint
def netns_add(name):
    _ip('netns', 'add', checks.namespace(name))


@privsep.sys_admin_pctxt.entrypoint
def netns_delete(name):
    _ip('netns', 'delete', checks.namespace(name))


@privsep.sys_admin_pctxt.entrypoint
def netns_disable_forwarding(namespace):
    """IP forwarding off inside a minova namespace: the only sysctl."""
    processutils.execute('ip', 'netns', 'exec', checks.namespace(namespace),
                         'sysctl', '-q', '-w', 'net.ipv4.ip_forward=0')


@privsep.sys_admin_pctxt.entrypoint
def netns_ip(namespace, *args):
    """``ip -n <minova namespace> <link|addr|route|neigh ...>``; its
    stdout. Routes and addresses live there, never in the root one."""
    return _ip('-n', checks.namespace(namespace),
               *checks.netns_ip_args(args))
