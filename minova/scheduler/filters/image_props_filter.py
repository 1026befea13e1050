"""ImagePropertiesFilter: the host can run the image's kind of guest.

An image may ask for an architecture (``hw_architecture``), a hypervisor
type (``img_hv_type``), a VM mode (``hw_vm_mode``) and a hypervisor
version (``img_hv_requested_version``, e.g. ``>=2.0, <3.0``). A host
advertises ``supported_instances``: the ``[arch, hv_type, vm_mode]``
triples it can run. Images without these properties run anywhere.
"""

import operator
import re

from oslo_log import log as logging

from minova.scheduler import filters

LOG = logging.getLogger(__name__)

# Current property names first; the legacy (pre-``hw_``) name second.
_ARCH_PROPS = ('hw_architecture', 'architecture')
_HV_TYPE_PROPS = ('img_hv_type', 'hypervisor_type')
_VM_MODE_PROPS = ('hw_vm_mode', 'vm_mode')
_HV_VERSION_PROPS = ('img_hv_requested_version',
                     'hypervisor_version_requires')

# Spellings that name the same thing, as Nova canonicalizes them.
_ARCH_ALIASES = {'i386': 'i686', 'i486': 'i686', 'i586': 'i686',
                 'x86_32': 'i686', 'x86_32p': 'i686', 'amd64': 'x86_64'}
_HV_TYPE_ALIASES = {'xapi': 'xen'}
_VM_MODE_ALIASES = {'hv': 'hvm', 'baremetal': 'hvm', 'pv': 'xen'}

_OPERATORS = {'<': operator.lt, '<=': operator.le, '==': operator.eq,
              '!=': operator.ne, '>': operator.gt, '>=': operator.ge}
_PREDICATE = re.compile(r'^\s*(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)*)\s*$')


def _first(props, names):
    for name in names:
        if props.get(name):
            return props[name]
    return None


def _canonical(value, aliases):
    if not value:
        return None
    value = value.lower()
    return aliases.get(value, value)


def version_int_to_tuple(version):
    """Hypervisor versions are stored as ints: 2.11.3 is 2011003."""
    parts = []
    while version:
        version, part = divmod(version, 1000)
        parts.insert(0, part)
    return tuple(parts) or (0,)


def version_satisfies(version, predicate):
    """Whether ``version`` (a tuple) meets every clause of ``predicate``."""
    for clause in predicate.split(','):
        match = _PREDICATE.match(clause)
        if match is None:
            LOG.warning('Cannot parse hypervisor version requirement %r',
                        predicate)
            return False
        op, wanted = match.groups()
        wanted = tuple(int(p) for p in wanted.split('.'))
        width = max(len(wanted), len(version))
        if not _OPERATORS[op](version + (0,) * (width - len(version)),
                              wanted + (0,) * (width - len(wanted))):
            return False
    return True


class ImagePropertiesFilter(filters.BaseHostFilter):

    run_filter_once_per_request = True

    def host_passes(self, host_state, spec_obj):
        props = spec_obj.image_properties or {}
        wanted = (_canonical(_first(props, _ARCH_PROPS), _ARCH_ALIASES),
                  _canonical(_first(props, _HV_TYPE_PROPS), _HV_TYPE_ALIASES),
                  _canonical(_first(props, _VM_MODE_PROPS), _VM_MODE_ALIASES))
        if not any(wanted):
            return True
        if not host_state.supported_instances:
            LOG.debug('%s advertises no supported instances; the image '
                      'asks for %s', host_state, wanted)
            return False
        for supported in host_state.supported_instances:
            if self._matches(wanted, supported) and \
                    self._version_ok(host_state, props):
                return True
        LOG.debug('%s does not support the image: it asks for %s (and '
                  'version %s), the host offers %s at version %s',
                  host_state, wanted, _first(props, _HV_VERSION_PROPS),
                  host_state.supported_instances,
                  host_state.hypervisor_version)
        return False

    def reason(self, host_state, spec_obj):
        props = spec_obj.image_properties or {}
        asks = ', '.join('%s=%s' % (k, props[k]) for k in sorted(props)
                         if k in _ARCH_PROPS + _HV_TYPE_PROPS +
                         _VM_MODE_PROPS + _HV_VERSION_PROPS)
        return ('%s cannot run the image (it asks for %s; the host offers '
                '%s)' % (host_state.host, asks,
                         host_state.supported_instances or 'nothing'))

    @staticmethod
    def _matches(wanted, supported):
        supported = (_canonical(supported[0], _ARCH_ALIASES),
                     _canonical(supported[1], _HV_TYPE_ALIASES),
                     _canonical(supported[2], _VM_MODE_ALIASES))
        # An unset property matches anything the host offers.
        return all(w is None or w == s for w, s in zip(wanted, supported))

    @staticmethod
    def _version_ok(host_state, props):
        predicate = _first(props, _HV_VERSION_PROPS)
        if not predicate or not host_state.hypervisor_version:
            return True
        return version_satisfies(
            version_int_to_tuple(host_state.hypervisor_version), predicate)
