"""Compute API microversions: parsing, comparing, and their history.

History of what each version changed in the endpoints minova serves:

* 2.1  - the v2.1 API, the base.
* 2.2  - keypairs carry a ``type`` (ssh or x509).
* 2.3  - admins see more ``OS-EXT-SRV-ATTR:*`` server attributes.
* 2.9  - servers show ``locked``.
* 2.10 - admins can manage key pairs of other users (``user_id``).
* 2.11 - os-services shows and sets ``forced_down``.
* 2.16 - servers show ``host_status`` to admins.
* 2.17 - the ``trigger_crash_dump`` server action (an NMI to the guest).
* 2.18 - the project id in the URL is optional (minova accepts both).
* 2.19 - servers have a ``description``.
* 2.21 - os-instance-actions works for deleted servers.
* 2.26 - servers show ``tags``; /servers/{id}/tags; the ``tags``,
         ``tags-any``, ``not-tags`` and ``not-tags-any`` list filters.
* 2.28 - os-hypervisors ``cpu_info`` is an object, not a string.
* 2.33 - os-hypervisors list is paginated (``limit``, ``marker``).
* 2.35 - os-keypairs list is paginated (``limit``, ``marker``).
* 2.36 - proxy APIs gone; ``limits`` drops floating IP and security group
         entries.
* 2.37 - ``networks`` is required on server create (``auto``, ``none`` or a
         list).
* 2.38 - an invalid ``status`` filter on server lists is a 400.
"""

import functools
import re

import microversion_parse

from minova import exception

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')

MIN_API_VERSION = '2.1'
MAX_API_VERSION = '2.38'

# Before OpenStack-API-Version, Nova's clients sent this one.
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'


class APIVersionRequest:
    def __init__(self, version_string=None):
        self.ver_major = 0
        self.ver_minor = 0
        if version_string is not None:
            match = _VERSION_RE.match(version_string)
            if not match:
                raise exception.InvalidAPIVersionString(
                    version=version_string)
            self.ver_major = int(match.group(1))
            self.ver_minor = int(match.group(2))

    def is_null(self):
        return self.ver_major == 0 and self.ver_minor == 0

    def _tuple(self):
        return (self.ver_major, self.ver_minor)

    def _other(self, other):
        if isinstance(other, str):
            return _parsed(other)
        return other._tuple()

    def __eq__(self, other):
        return self._tuple() == self._other(other)

    def __lt__(self, other):
        return self._tuple() < self._other(other)

    def __le__(self, other):
        return self._tuple() <= self._other(other)

    def __gt__(self, other):
        return self._tuple() > self._other(other)

    def __ge__(self, other):
        return self._tuple() >= self._other(other)

    def __hash__(self):
        return hash(self._tuple())

    def matches(self, min_version=None, max_version=None):
        if min_version and self < min_version:
            return False
        if max_version and self > max_version:
            return False
        return True

    def get_string(self):
        return '%d.%d' % self._tuple()

    __str__ = get_string

    def __repr__(self):
        return 'APIVersionRequest(%r)' % self.get_string()


@functools.lru_cache(maxsize=256)
def _parsed(version_string):
    """(major, minor) of a version string the code compares with: a list
    of 100 servers asks ``req.ver('2.x')`` 400 times."""
    return APIVersionRequest(version_string)._tuple()


def min_api_version():
    return APIVersionRequest(MIN_API_VERSION)


def max_api_version():
    return APIVersionRequest(MAX_API_VERSION)


def from_headers(headers):
    """The requested version from ``OpenStack-API-Version: compute X.Y``
    (preferred) or ``X-OpenStack-Nova-API-Version: X.Y``; None if absent.
    ``latest`` means the maximum. microversion-parse reads the headers,
    as Nova and Placement do."""
    value = microversion_parse.get_version(
        headers, service_type='compute', legacy_headers=[LEGACY_HEADER])
    if value is None:
        return None
    value = value.strip()
    if value.lower() == 'latest':
        return max_api_version()
    return APIVersionRequest(value)
