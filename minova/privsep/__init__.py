"""Every command minova runs with root rights, through oslo.privsep.

``sys_admin_pctxt`` is the one privileged context (as Nova's
``nova.privsep.sys_admin_pctxt``): its entry points run in a privsep
daemon that keeps only the capabilities below. Each entry point has a
narrow signature and checks its arguments (``checks.py``) before it runs
anything; there is no generic ``execute(*cmd)``.

Where the service is root (minova-network today) ``start()`` forks the
daemon in-process; otherwise oslo.privsep runs ``privsep-helper`` through
``[minova_sys_admin] helper_command`` (e.g. ``sudo privsep-helper``).
Adding an entry point: a function in ``linux_net.py`` or ``dhcp.py``
decorated with ``@sys_admin_pctxt.entrypoint`` that validates with
``checks`` first, and a test in tests/unit/network/test_host_side.py.
"""

import os

from oslo_privsep import capabilities
from oslo_privsep import priv_context

sys_admin_pctxt = priv_context.PrivContext(
    'minova',
    cfg_section='minova_sys_admin',
    pypath=__name__ + '.sys_admin_pctxt',
    capabilities=[capabilities.CAP_NET_ADMIN,      # links, addresses
                  capabilities.CAP_SYS_ADMIN,      # ip netns add/exec
                  capabilities.CAP_NET_RAW,        # dnsmasq's DHCP socket
                  capabilities.CAP_NET_BIND_SERVICE,   # port 67
                  capabilities.CAP_SETUID,         # dnsmasq --user
                  capabilities.CAP_SETGID,
                  capabilities.CAP_KILL,           # signals to dnsmasq
                  capabilities.CAP_DAC_OVERRIDE,   # our files, any owner
                  capabilities.CAP_CHOWN])


def start():
    """Start the daemon now (not at the first call): forked from this
    process when it is root, through privsep-helper otherwise."""
    method = priv_context.Method.FORK if os.geteuid() == 0 \
        else priv_context.Method.ROOTWRAP
    sys_admin_pctxt.start(method=method)
