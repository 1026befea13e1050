"""How the API bodies of these resources print datetimes.

Nova lets its JSON serializer print them: naive UTC, microseconds, no
zone (``2017-02-14T19:23:58.000000``). Clients parse exactly that.
"""

from oslo_utils import timeutils


def strtime(value):
    if value is None:
        return None
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%S.%f')
