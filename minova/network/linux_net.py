"""The host side of a network: a Linux bridge, and a namespace for DHCP.

For each network, on the host that runs minova-network::

    guest tap ... --[ bridge (no address, no uplink) ]-- dhr-<id> (veth)
                                                            |
          namespace minova-<network uuid>:  dhn-<id>  gateway/prefix
                                            dnsmasq (DHCP only)

The bridge has no physical port, the root namespace has no address on it
(not even an IPv6 link-local one), and IP forwarding is off in the
namespace: nothing a guest sends can leave the bridge. A bridge that
already exists is used only if it looks like one of ours: no address and
no ports but guest taps and our veth ends.

What was set up is recorded in ``<networks_path>/<uuid>/host.json``, so a
deleted network can be torn down later (by the service or by a test).
"""

import json
import os
import shutil
import time

import netaddr
from oslo_concurrency import lockutils
from oslo_concurrency import processutils
from oslo_log import log as logging
from oslo_utils import timeutils

from minova import exception
from minova.network import dhcp
from minova.network import driver
from minova.privsep import linux_net as priv_net
from minova.privsep import router as priv_router

LOG = logging.getLogger(__name__)

# Ports a bridge of ours may have: guest taps, our veth ends, and on the
# public bridge the operator's veth to the outside (``out-``, e.g. the
# namespace minova-outside that devstack makes).
_OUR_PORT_PREFIXES = ('tap', 'dhr-', 'rtr-', 'out-')
_RECORD = 'host.json'


class Names:
    """Host names of one network's devices (Linux allows 15 characters)."""

    def __init__(self, network_uuid, bridge):
        short = network_uuid.replace('-', '')[:10]
        self.bridge = bridge
        self.namespace = 'minova-%s' % network_uuid
        self.veth_root = 'dhr-%s' % short
        self.veth_ns = 'dhn-%s' % short
        # The router's port on the public bridge (root end, namespace end).
        self.public_root = 'rtr-%s' % short
        self.public_ns = 'qg-%s' % short


# -- queries ------------------------------------------------------------------

def _parse(out):
    try:
        return json.loads(out or '[]')
    except ValueError:
        return []


def _ip_json(*args):
    """A root-namespace query: needs no privilege."""
    out, _err = processutils.execute('ip', '-j', *args,
                                     check_exit_code=[0, 1])
    return _parse(out)


def link(name):
    """``ip -d link show`` of ``name`` as a dict, or None."""
    links = _ip_json('-d', 'link', 'show', 'dev', name) if name else []
    return links[0] if links else None


def bridge_ports(bridge):
    return [entry['ifname'] for entry in
            _ip_json('link', 'show', 'master', bridge)]


def addresses(name, namespace=None):
    """Addresses on ``name`` (in ``namespace``) as 'address/prefix'."""
    if namespace:
        entries = _parse(priv_net.netns_ip(namespace, '-j', 'addr', 'show',
                                           'dev', name))
    else:
        entries = _ip_json('addr', 'show', 'dev', name)
    return ['%s/%s' % (info['local'], info['prefixlen'])
            for entry in entries for info in entry.get('addr_info', [])]


def namespaces():
    return {entry['name'] for entry in _ip_json('netns', 'list')}


# -- the bridge --------------------------------------------------------------

def ensure_bridge(bridge, uplink=None):
    """Create ``bridge`` if missing and set it up; returns True if this
    call made it. Idempotent, and safe beside another setup of the same
    bridge (minova-network's host sync, a compute plugging a VIF).

    Refuses (NetworkSetupFailed) a device that is not a bridge, or a
    bridge with an address or with a port that is not ours: using it
    could connect guests to something outside. ``uplink`` (the
    operator's ``[network] flat_interface``; None for the public bridge
    and by default) is the one physical port a bridge may have, and
    this call adds it.
    """
    current = link(bridge)
    created = False
    if current is None:
        created, current = _add_bridge(bridge)
    if current is not None:
        _check_ours(bridge, current, uplink)
    # No IPv6 link-local address in the root namespace, then no address
    # at all: the root namespace takes no part in a guest network.
    priv_net.set_addrgenmode_none(bridge)
    if addresses(bridge):
        priv_net.flush_addresses(bridge)
    priv_net.set_link_up(bridge)
    if uplink:
        ensure_uplink(bridge, uplink)
    return created


def _add_bridge(bridge):
    """(made by this call, its link or None)."""
    try:
        priv_net.add_bridge(bridge)
        return True, None
    except processutils.ProcessExecutionError:
        # Another setup of the same bridge may have made it meanwhile:
        # check that one.
        current = link(bridge)
        if current is None:
            raise
        return False, current


def _check_ours(bridge, current, uplink=None):
    kind = current.get('linkinfo', {}).get('info_kind')
    if kind != 'bridge':
        raise exception.NetworkSetupFailed(
            network=bridge, reason='%s exists and is not a bridge (%s)'
            % (bridge, kind or current.get('link_type')))
    foreign = [port for port in bridge_ports(bridge)
               if not port.startswith(_OUR_PORT_PREFIXES) and port != uplink]
    if foreign:
        raise exception.NetworkSetupFailed(
            network=bridge, reason='bridge %s has ports that minova did '
            'not add (%s): it may lead off this host'
            % (bridge, ', '.join(foreign)))


def ensure_uplink(bridge, uplink):
    """The operator's ``flat_interface`` in ``bridge`` and up. It must
    exist, carry no address (minova moves none to the bridge, whose root
    namespace side has none) and belong to no other bridge."""
    device = link(uplink)
    if device is None:
        raise exception.NetworkSetupFailed(
            network=bridge, reason='[network] flat_interface %s does not '
            'exist on this host' % uplink)
    if addresses(uplink):
        raise exception.NetworkSetupFailed(
            network=bridge, reason='[network] flat_interface %s has '
            'addresses (%s): it must be an interface dedicated to the '
            'guest networks' % (uplink, ', '.join(addresses(uplink))))
    master = device.get('master')
    if master not in (None, bridge):
        raise exception.NetworkSetupFailed(
            network=bridge, reason='[network] flat_interface %s is a port '
            'of %s already' % (uplink, master))
    if master != bridge or 'UP' not in device.get('flags', []):
        priv_net.add_uplink(bridge)


# -- the DHCP namespace ------------------------------------------------------

def ensure_namespace(names, network):
    """The namespace, its veth pair into the bridge and the gateway address
    on the namespace end."""
    if names.namespace not in namespaces():
        priv_net.netns_add(names.namespace)
    # New namespaces start with forwarding off; say so explicitly anyway.
    priv_net.netns_disable_forwarding(names.namespace)
    priv_net.netns_ip(names.namespace, 'link', 'set', 'lo', 'up')
    if link(names.veth_root) is None:
        priv_net.add_veth_pair(names.veth_root, names.veth_ns,
                               names.namespace)
    priv_net.set_addrgenmode_none(names.veth_root)
    priv_net.set_link_master(names.veth_root, names.bridge)
    priv_net.set_link_up(names.veth_root)
    gateway = '%s/%d' % (network.dhcp_server or network.gateway,
                         netaddr.IPNetwork(network.cidr).prefixlen)
    if addresses(names.veth_ns, names.namespace) != [gateway]:
        priv_net.netns_ip(names.namespace, 'addr', 'flush', 'dev',
                          names.veth_ns)
        priv_net.netns_ip(names.namespace, 'addr', 'add', gateway, 'dev',
                          names.veth_ns)
    priv_net.netns_ip(names.namespace, 'link', 'set', names.veth_ns, 'up')


# -- the router (floating IPs) ----------------------------------------------

def ensure_router(names, public_bridge, public_cidr, pairs,
                  metadata_port=None):
    """The network's namespace as its router: a port in the public
    bridge holding the floating IPs of ``pairs`` ((floating, fixed)),
    forwarding on, and NAT between them (in the namespace only); and the
    metadata address redirected to the proxy's port."""
    if public_bridge:
        ensure_public_port(names, public_bridge, public_cidr, pairs)
    elif pairs:
        raise exception.NetworkSetupFailed(
            network=names.namespace,
            reason='floating IPs need [network] public_bridge')
    priv_router.set_nat(names.namespace, names.veth_ns, names.public_ns,
                        pairs, metadata_port)


def ensure_public_port(names, public_bridge, public_cidr, pairs):
    ensure_bridge(public_bridge)
    if link(names.public_root) is None:
        priv_net.add_veth_pair(names.public_root, names.public_ns,
                               names.namespace)
    priv_net.set_addrgenmode_none(names.public_root)
    priv_net.set_link_master(names.public_root, public_bridge)
    priv_net.set_link_up(names.public_root)
    priv_net.netns_ip(names.namespace, 'link', 'set', names.public_ns, 'up')
    priv_router.enable_forwarding(names.namespace)
    prefix = netaddr.IPNetwork(public_cidr).prefixlen
    wanted = ['%s/%d' % (floating, prefix) for floating, _fixed in pairs]
    current = addresses(names.public_ns, names.namespace)
    for address in current:
        if address not in wanted:
            priv_net.netns_ip(names.namespace, 'addr', 'del', address,
                              'dev', names.public_ns)
    for address in wanted:
        if address not in current:
            priv_net.netns_ip(names.namespace, 'addr', 'add', address,
                              'dev', names.public_ns)


def remove_namespace(names):
    if names.namespace in namespaces():
        # Deleting the namespace deletes its veth end, and with it ours.
        priv_net.netns_delete(names.namespace)
    for root_end in (names.veth_root, names.public_root):
        if link(root_end) is not None:
            _delete_vanishing_link(root_end)


def _delete_vanishing_link(name):
    """Delete a veth end whose peer's namespace was just deleted: the
    kernel removes the pair asynchronously, so the link may go between
    our look and our delete (fine: it is gone either way)."""
    try:
        priv_net.delete_link(name)
    except processutils.ProcessExecutionError:
        if link(name) is not None:
            raise


def remove_bridge(bridge, wait=0, uplink=None):
    """Delete the bridge unless guests are still plugged into it (waiting
    up to ``wait`` seconds for their taps to go); returns whether it is
    gone. The operator's ``uplink`` keeps no bridge: deleting the bridge
    releases it."""
    watch = timeutils.StopWatch(duration=wait).start()
    while link(bridge) is not None:
        ports = [port for port in bridge_ports(bridge) if port != uplink]
        if not ports:
            priv_net.delete_link(bridge)
            return True
        if watch.expired():
            LOG.warning('Bridge %s still has ports %s; leaving it', bridge,
                        ', '.join(ports))
            return False
        time.sleep(0.5)
    return True


# -- records of what this host set up ----------------------------------------

def write_record(networks_path, network_uuid, record):
    directory = os.path.join(networks_path, network_uuid)
    os.makedirs(directory, mode=0o755, exist_ok=True)
    tmp = os.path.join(directory, _RECORD + '.tmp')
    with open(tmp, 'w') as out:
        json.dump(record, out)
    os.replace(tmp, os.path.join(directory, _RECORD))


def read_records(networks_path):
    """{network uuid: record} of every network set up on this host."""
    records = {}
    if not os.path.isdir(networks_path):
        return records
    for network_uuid in os.listdir(networks_path):
        path = os.path.join(networks_path, network_uuid, _RECORD)
        try:
            with open(path) as record:
                records[network_uuid] = json.load(record)
        except (OSError, ValueError):
            continue
    return records


def teardown(networks_path, network_uuid, record, wait=0):
    """Undo everything ``record`` says was set up for the network: stop its
    dnsmasq, delete its namespace and veth pair, the bridge if we made it,
    and its files. A bridge that guests still use stays, and so does the
    record, for the next try."""
    files = dhcp.Files(networks_path, network_uuid)
    names = Names(network_uuid, record['bridge'])
    dhcp.stop(files)
    dhcp.stop_proxy(files)
    remove_namespace(names)
    if record.get('created_bridge') and not remove_bridge(
            names.bridge, wait, uplink=record.get('uplink')):
        return
    shutil.rmtree(files.dir, ignore_errors=True)
    LOG.info('Removed network %s (bridge %s) from this host', network_uuid,
             names.bridge)


def teardown_all(networks_path, wait=10):
    """Tear down every network recorded under ``networks_path``."""
    for network_uuid, record in read_records(networks_path).items():
        teardown(networks_path, network_uuid, record, wait)


# -- the driver ------------------------------------------------------------

class LinuxNetDriver(driver.NetworkDriver):
    """Bridges, namespaces and dnsmasq on this host (needs root)."""

    def __init__(self, networks_path, lease_time, dnsmasq_user,
                 public_bridge=None, public_cidr=None, metadata=None,
                 flat_interface=None):
        self.networks_path = networks_path
        # The operator's uplink for guest bridges (off by default).
        self.flat_interface = flat_interface or None
        self.lease_time = lease_time
        self.dnsmasq_user = dnsmasq_user
        self.public_bridge = public_bridge
        self.public_cidr = public_cidr
        # (unix socket of minova-metadata-api, proxy port) or None.
        self.metadata = metadata

    def ensure_network(self, network):
        # One at a time per network: an allocation and the periodic host
        # sync set up a new network together, and one's address flush
        # between the other's flush and add made the add fail.
        with lockutils.lock('ensure-network-%s' % network.uuid):
            self._ensure_network(network)

    def _ensure_network(self, network):
        names = Names(network.uuid, network.bridge)
        files = dhcp.Files(self.networks_path, network.uuid)
        record = read_records(self.networks_path).get(network.uuid, {})
        try:
            created = ensure_bridge(names.bridge, self.flat_interface)
            # Write the record before anything else exists to forget.
            new_record = {'bridge': names.bridge,
                          'namespace': names.namespace,
                          'created_bridge': created or record.get(
                              'created_bridge', False)}
            if self.flat_interface:
                new_record['uplink'] = self.flat_interface
            write_record(self.networks_path, network.uuid, new_record)
            ensure_namespace(names, network)
            if dhcp.pid(files) is None:
                dhcp.start(network, files, names.namespace, names.veth_ns,
                           self.lease_time, self.dnsmasq_user)
            if self.metadata is not None and \
                    dhcp.proxy_pid(files) is None:
                socket_path, port = self.metadata
                priv_router.start_metadata_proxy(
                    names.namespace, network.uuid, port, socket_path,
                    files.proxy_pid)
        except (processutils.ProcessExecutionError,
                exception.PrivilegedArgumentError) as error:
            raise exception.NetworkSetupFailed(
                network=network.uuid, reason=str(error))

    def is_ready(self, network):
        """dnsmasq runs and the bridge and our veth end are there."""
        names = Names(network.uuid, network.bridge)
        files = dhcp.Files(self.networks_path, network.uuid)
        return dhcp.pid(files) is not None and \
            link(names.bridge) is not None and \
            link(names.veth_root) is not None and \
            (self.metadata is None or dhcp.proxy_pid(files) is not None)

    def update_dhcp(self, network, entries, released=()):
        files = dhcp.Files(self.networks_path, network.uuid)
        names = Names(network.uuid, network.bridge)
        changed = dhcp.write_hosts(files, entries)
        for mac, address in released:
            dhcp.release(names.namespace, names.veth_ns, address, mac)
        if dhcp.pid(files) is None:
            self.ensure_network(network)    # starts it on the new file
        elif changed and not dhcp.reload(files):
            self.ensure_network(network)

    def dhcp_entries(self, network):
        return dhcp.read_hosts(dhcp.Files(self.networks_path, network.uuid))

    def update_router(self, network, pairs, metadata_port=None):
        if not (self.public_bridge or metadata_port):
            return
        try:
            ensure_router(Names(network.uuid, network.bridge),
                          self.public_bridge, self.public_cidr, pairs,
                          metadata_port)
        except (processutils.ProcessExecutionError,
                exception.PrivilegedArgumentError) as error:
            raise exception.NetworkSetupFailed(
                network=network.uuid, reason='router: %s' % error)

    def hosted_networks(self):
        return set(read_records(self.networks_path))

    def remove_network(self, network_uuid):
        record = read_records(self.networks_path).get(network_uuid)
        if record is not None:
            teardown(self.networks_path, network_uuid, record)
