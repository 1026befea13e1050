"""oslo.messaging registers ``transport_url`` only when it makes its first
transport, but tests/unit/conftest.py overrides it before that; register
oslo.messaging's DEFAULT-group options up front so the override works."""

from oslo_messaging import opts as messaging_opts

import minova.conf

for _group, _opts in messaging_opts.list_opts():
    if _group is None:
        minova.conf.CONF.register_opts(_opts)
