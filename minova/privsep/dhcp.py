"""Privileged entry points for dnsmasq: start it in a minova namespace
with options from an allow-list, release a lease, signal it."""

import os
import signal

from oslo_concurrency import processutils

from minova import privsep
from minova.privsep import checks

# dnsmasq options minova uses (``minova.network.dhcp.command``); nothing
# that runs a script or reads another configuration.
_DNSMASQ_OPTIONS = (
    '--conf-file=', '--no-hosts', '--no-resolv', '--port=0',
    '--bind-interfaces', '--interface=', '--except-interface=',
    '--pid-file=', '--dhcp-hostsfile=', '--dhcp-leasefile=',
    '--log-facility=', '--log-dhcp', '--dhcp-range=', '--dhcp-lease-max=',
    '--dhcp-no-override', '--user=', '--dhcp-option=')
_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


def _check_dnsmasq_options(options):
    for option in options:
        allowed = any(option == name or (name.endswith('=') and
                                         option.startswith(name))
                      for name in _DNSMASQ_OPTIONS)
        if not allowed or option.startswith('--conf-file=') and \
                option != '--conf-file=':
            checks.refuse(option, 'not an allowed dnsmasq option')
    return list(options)


@privsep.sys_admin_pctxt.entrypoint
def start_dnsmasq(namespace, options):
    """Start dnsmasq (it daemonizes) inside a minova namespace."""
    processutils.execute('ip', 'netns', 'exec', checks.namespace(namespace),
                         'dnsmasq', *_check_dnsmasq_options(options))


@privsep.sys_admin_pctxt.entrypoint
def dhcp_release(namespace, interface, address, mac):
    processutils.execute('ip', 'netns', 'exec', checks.namespace(namespace),
                         'dhcp_release', checks.interface(interface),
                         checks.address(address), checks.mac(mac),
                         check_exit_code=False)


def process_cmdline(pid):
    """The command line of ``pid`` as a list, or None if it is gone."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as cmdline:
            return [part.decode(errors='replace')
                    for part in cmdline.read().split(b'\0') if part]
    except (OSError, ValueError):
        return None


@privsep.sys_admin_pctxt.entrypoint
def signal_process(pid, signum, must_mention):
    """Send SIGHUP or SIGTERM to ``pid`` if its command line mentions
    ``must_mention`` (one of our files), so a recycled pid is left alone.
    Returns whether the signal was sent."""
    if signum not in _SIGNALS:
        checks.refuse(signum, 'only SIGHUP and SIGTERM')
    cmdline = process_cmdline(int(pid))
    if not cmdline or not any(must_mention in part for part in cmdline):
        return False
    try:
        os.kill(int(pid), signum)
    except ProcessLookupError:
        return False
    return True
