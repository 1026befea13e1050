"""Every command minova-network runs with root rights, in one place.

Only these programs run, each logged with its arguments:

* ``ip`` - bridges, veth pairs, addresses and network namespaces;
* ``dnsmasq`` - the DHCP server of a network, inside its namespace;
* ``dhcp_release`` - drops a deleted server's lease, inside the namespace;
* ``sysctl`` - only to switch IP forwarding *off* inside a namespace.

A program may also run inside a namespace through ``ip netns exec NS``;
the program it starts must itself be one of the above. Signals go only to
processes whose command line names a file of ours (``signal_process``).
Nothing here adds an uplink, NAT, a route or IP forwarding.
"""

import os
import subprocess
import time

from oslo_log import log as logging

from minova import exception

LOG = logging.getLogger(__name__)

ALLOWED = ('ip', 'dnsmasq', 'dhcp_release', 'sysctl')
_SYSCTL_ALLOWED = ('net.ipv4.ip_forward=0', 'net.ipv6.conf.all.forwarding=0')


def _check(cmd):
    program = os.path.basename(cmd[0])
    if program not in ALLOWED:
        raise exception.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code='-', stderr='not an allowed command')
    if program == 'ip' and cmd[1:3] == ['netns', 'exec']:
        _check(cmd[4:])
    settings = [arg for arg in cmd[1:] if not arg.startswith('-')]
    if program == 'sysctl' and not set(settings) <= set(_SYSCTL_ALLOWED):
        raise exception.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code='-',
            stderr='only switching IP forwarding off is allowed')


def _root_prefix():
    return [] if os.geteuid() == 0 else ['sudo', '-n']


def execute(*cmd, check_exit_code=True):
    """Run ``cmd`` as root; return its stdout.

    A non-zero exit raises ProcessExecutionError unless
    ``check_exit_code`` is False (or lists the accepted codes).
    """
    cmd = [str(part) for part in cmd]
    _check(cmd)
    started = time.monotonic()
    proc = subprocess.run(_root_prefix() + cmd, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    LOG.debug('Ran %s: exit %d in %.3fs', ' '.join(cmd), proc.returncode,
              time.monotonic() - started)
    accepted = [0] if check_exit_code is True else (
        check_exit_code or [proc.returncode])
    if proc.returncode not in accepted:
        raise exception.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code=proc.returncode,
            stderr=proc.stderr.strip() or proc.stdout.strip())
    return proc.stdout


def process_cmdline(pid):
    """The command line of ``pid`` as a list, or None if it is gone."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as cmdline:
            return [part.decode(errors='replace')
                    for part in cmdline.read().split(b'\0') if part]
    except (OSError, ValueError):
        return None


def signal_process(pid, signum, must_mention):
    """Send ``signum`` to ``pid`` if its command line mentions the string
    ``must_mention`` (one of our files), so a recycled pid is left alone.
    Returns whether the signal was sent."""
    cmdline = process_cmdline(pid)
    if not cmdline or not any(must_mention in part for part in cmdline):
        return False
    LOG.debug('Sending signal %d to %d (%s)', signum, pid, cmdline[0])
    if os.geteuid() != 0:
        return subprocess.run(
            ['sudo', '-n', 'kill', '-%d' % signum, str(pid)],
            capture_output=True, stdin=subprocess.DEVNULL).returncode == 0
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        return False
    return True
