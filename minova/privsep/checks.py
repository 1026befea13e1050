"""What a privileged entry point accepts: names it may touch, and nothing
that would lead off the host (an uplink, a root-namespace address or
route, NAT, IP forwarding). Each check raises PrivilegedArgumentError."""

import re

import netaddr

from minova import exception

NAMESPACE_PREFIX = 'minova-'
# Ports minova puts into a bridge: guest taps and its own veth ends
# (dhr-: a network's namespace on its bridge, rtr-: its router port on
# the public bridge).
OUR_PORT_PREFIXES = ('tap', 'dhr-', 'rtr-')
_IFNAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$')
_NAMESPACE = re.compile(r'^%s[A-Za-z0-9-]{1,56}$' % NAMESPACE_PREFIX)
_MAC = re.compile(r'^([0-9a-f]{2}:){5}[0-9a-f]{2}$')
# ``ip -n <minova namespace>`` objects; nothing that moves a device out.
_NETNS_IP_OBJECTS = ('link', 'addr', 'address', 'route', 'neigh')
_NETNS_IP_FORBIDDEN = ('netns', 'exec', 'vrf')


def refuse(what, reason):
    raise exception.PrivilegedArgumentError(what=what, reason=reason)


def interface(name):
    if not isinstance(name, str) or not _IFNAME.match(name):
        refuse(name, 'not an interface name')
    return name


def our_port(name):
    interface(name)
    if not name.startswith(OUR_PORT_PREFIXES):
        refuse(name, 'only guest taps and minova veth ends join a bridge')
    return name


def namespace(name):
    if not isinstance(name, str) or not _NAMESPACE.match(name):
        refuse(name, 'not a minova namespace (%s...)' % NAMESPACE_PREFIX)
    return name


def cidr(value):
    try:
        return str(netaddr.IPNetwork(value))
    except (netaddr.AddrFormatError, TypeError, ValueError):
        refuse(value, 'not an address/prefix')


def address(value):
    try:
        return str(netaddr.IPAddress(value))
    except (netaddr.AddrFormatError, TypeError, ValueError):
        refuse(value, 'not an IP address')


def mac(value):
    if not isinstance(value, str) or not _MAC.match(value.lower()):
        refuse(value, 'not a MAC address')
    return value.lower()


def netns_ip_args(args):
    """Arguments of ``ip -n <namespace>``: one allowed object, plain
    words, nothing that reaches another namespace."""
    words = [str(arg) for arg in args]
    objects = [w for w in words if not w.startswith('-')]
    if not objects or objects[0] not in _NETNS_IP_OBJECTS:
        refuse(' '.join(words), 'ip object must be one of %s'
               % ', '.join(_NETNS_IP_OBJECTS))
    if any(w in _NETNS_IP_FORBIDDEN for w in words):
        refuse(' '.join(words), 'may not leave the namespace')
    if any(w.startswith('-') and w not in ('-j', '-d', '-4', '-6')
           for w in words):
        refuse(' '.join(words), 'ip options other than -j -d -4 -6')
    return words
