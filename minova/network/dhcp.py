"""dnsmasq, the DHCP server of one network.

It runs inside the network's namespace, listens only on the namespace end
of the veth pair (which holds the gateway address) and hands out static
MAC -> IP entries only, read from a hosts file. minova rewrites that file
on every allocation and deallocation and sends SIGHUP: dnsmasq re-reads it
without a restart. DNS is off (``--port=0``).
"""

import os
import shutil
import signal

import netaddr
from oslo_log import log as logging

from minova.privsep import dhcp as priv_dhcp

LOG = logging.getLogger(__name__)

_TAG = 'minova'


class Files:
    """Where one network's dnsmasq keeps its state on this host."""

    def __init__(self, networks_path, network_uuid):
        self.dir = os.path.join(networks_path, network_uuid)
        self.hosts = os.path.join(self.dir, 'hosts')
        self.leases = os.path.join(self.dir, 'leases')
        self.pid = os.path.join(self.dir, 'dnsmasq.pid')
        self.log = os.path.join(self.dir, 'dnsmasq.log')


def command(network, files, interface, lease_time, user):
    """The dnsmasq command line for ``network`` (an objects.Network)."""
    net = netaddr.IPNetwork(network.cidr)
    cmd = ['dnsmasq', '--conf-file=', '--no-hosts', '--no-resolv', '--port=0',
           '--bind-interfaces', '--interface=%s' % interface,
           '--except-interface=lo',
           '--pid-file=%s' % files.pid,
           '--dhcp-hostsfile=%s' % files.hosts,
           '--dhcp-leasefile=%s' % files.leases,
           '--log-facility=%s' % files.log, '--log-dhcp',
           '--dhcp-range=set:%s,%s,static,%s,%ds' % (
               _TAG, net.network, net.netmask, lease_time),
           '--dhcp-lease-max=%d' % net.size,
           '--dhcp-no-override',
           '--user=%s' % user]
    if network.gateway:
        cmd.append('--dhcp-option=tag:%s,option:router,%s'
                   % (_TAG, network.gateway))
    dns = [d for d in (network.dns1, network.dns2) if d]
    if dns:
        cmd.append('--dhcp-option=tag:%s,option:dns-server,%s'
                   % (_TAG, ','.join(dns)))
    return cmd


def hosts_lines(entries):
    """dnsmasq hosts-file text from (mac, address) pairs."""
    return ''.join('%s,%s\n' % (mac, address) for mac, address in sorted(
        entries, key=lambda entry: netaddr.IPAddress(entry[1])))


def read_hosts(files):
    """The (mac, address) pairs the hosts file serves; None without one."""
    try:
        with open(files.hosts) as hosts:
            lines = hosts.read().split()
    except FileNotFoundError:
        return None
    return {tuple(line.split(',', 1)) for line in lines if ',' in line}


def write_hosts(files, entries):
    """Replace the hosts file in one step (dnsmasq may read it any time);
    returns False when it already said exactly that."""
    text = hosts_lines(entries)
    try:
        with open(files.hosts) as current:
            if current.read() == text:
                return False
    except OSError:
        pass
    os.makedirs(files.dir, mode=0o755, exist_ok=True)
    tmp = files.hosts + '.tmp'
    with open(tmp, 'w') as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, files.hosts)
    return True


def pid(files):
    """The pid of this network's running dnsmasq, or None."""
    try:
        with open(files.pid) as pid_file:
            value = int(pid_file.read().strip())
    except (OSError, ValueError):
        return None
    cmdline = priv_dhcp.process_cmdline(value)
    if cmdline and any(files.hosts in part for part in cmdline):
        return value
    return None


def start(network, files, namespace, interface, lease_time, user):
    """Start dnsmasq in ``namespace`` (it daemonizes and writes its pid)."""
    os.makedirs(files.dir, mode=0o755, exist_ok=True)
    if not os.path.exists(files.hosts):
        write_hosts(files, [])
    cmd = command(network, files, interface, lease_time, user)
    priv_dhcp.start_dnsmasq(namespace, cmd[1:])
    LOG.info('Started dnsmasq for network %s in namespace %s (pid %s)',
             network.uuid, namespace, pid(files))


def reload(files):
    """SIGHUP: dnsmasq re-reads the hosts file. False if it is not running."""
    running = pid(files)
    if running is None:
        return False
    return priv_dhcp.signal_process(running, signal.SIGHUP, files.hosts)


def stop(files):
    running = pid(files)
    if running is not None:
        priv_dhcp.signal_process(running, signal.SIGTERM, files.hosts)


def release(namespace, interface, address, mac):
    """Drop the lease of a deleted server at once (dnsmasq would otherwise
    keep the address for that MAC until the lease expires)."""
    if shutil.which('dhcp_release') is None:
        LOG.warning('dhcp_release (package dnsmasq-utils) is missing: the '
                    'lease of %s stays until it expires', address)
        return
    priv_dhcp.dhcp_release(namespace, interface, address, mac)
