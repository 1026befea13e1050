"""oslo.policy's extension checks (``http:``, ``https:`` and any other
``oslo.policy.rule_checks`` entry point), each imported when a rule
first uses it.

oslo.policy loads every such entry point through stevedore the first
time it parses a rule, and its own ``http`` check imports requests:
5 MB in minova-api and minova-image-api whose rules never name one
(issue 15). ``install`` fills oslo.policy's cache of those checks with
stand-ins that import the real check when a rule of that kind is parsed;
it must run before the first rule is made (``minova.policies`` calls it
first thing).
"""

from importlib import metadata

from oslo_policy import _checks

GROUP = 'oslo.policy.rule_checks'


class _Deferred:
    """Makes the check of one entry point, importing it on first use."""

    def __init__(self, entry_point):
        self.entry_point = entry_point

    def __call__(self, kind, match):
        return self.entry_point.load()(kind, match)


def install():
    if _checks.extension_checks is None:
        _checks.extension_checks = {
            entry_point.name: _Deferred(entry_point)
            for entry_point in metadata.entry_points(group=GROUP)}
