"""``minova.db.api`` imported at its first use, not at import time.

Objects say ``from minova.db.deferred import api as db`` (and the same
for floating_ips, migrations_api, security_groups, session) and call
``db.instance_get(...)`` as if it were the module. Until a function is
looked up nothing of the database layer is imported, so a compute host
(whose objects run remotely in the conductor) loads none of it.
"""

import functools
import importlib


class _DeferredModule:
    def __init__(self, name):
        self.__dict__['_name'] = name
        self.__dict__['_module'] = None

    def _load(self):
        module = self.__dict__['_module']
        if module is None:
            module = importlib.import_module(self._name)
            self.__dict__['_module'] = module
        return module

    def __getattr__(self, attr):
        return getattr(self._load(), attr)

    def __setattr__(self, attr, value):
        # monkeypatching a function patches the real module.
        setattr(self._load(), attr, value)

    def __delattr__(self, attr):
        delattr(self._load(), attr)

    def __repr__(self):
        return '<deferred module %s>' % self._name


api = _DeferredModule('minova.db.api')
floating_ips = _DeferredModule('minova.db.floating_ips')
migrations_api = _DeferredModule('minova.db.migrations_api')
session = _DeferredModule('minova.db.session')
security_groups = _DeferredModule('minova.db.security_groups')


def retried_transaction(func):
    """``session.retried_transaction(func)``, made at the first call: a
    module of objects decorates with it at import time and still loads
    nothing of the database layer."""
    made = []

    @functools.wraps(func)
    def run(*args, **kwargs):
        if not made:
            made.append(session.retried_transaction(func))
        return made[0](*args, **kwargs)
    return run
