"""Put on PYTHONPATH of the README blocks' shell: the ``openstack``
client's ``--wait`` polls every second instead of every five (osc_lib's
default; a server here is ACTIVE in under a second on the fake driver and
in about two under QEMU). The commands still run verbatim; only the
client's poll interval changes, as tempest's ``build_interval`` does."""

import os
import sys

if os.path.basename(sys.argv[0] if sys.argv else '') == 'openstack':
    from osc_lib import utils

    def _one_second(function):
        names = function.__code__.co_varnames[:function.__code__.co_argcount]
        defaults = list(function.__defaults__)
        first = len(names) - len(defaults)
        defaults[names.index('sleep_time') - first] = 1
        function.__defaults__ = tuple(defaults)

    _one_second(utils.wait_for_status)
    _one_second(utils.wait_for_delete)
