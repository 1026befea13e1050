"""The connection to libvirtd, and what the host itself offers.

Every libvirt call blocks its caller, so each one runs in a native
thread (``concurrency.run_in_thread``) under a time limit: one slow
domain never stalls the compute service's green threads, and a hung
libvirtd or qemu fails the operation instead of hanging it. A lost
connection (libvirtd restarted) is re-opened and the call tried once
more, so it is never fatal.
"""

import json
from xml.etree import ElementTree as etree

import libvirt
from oslo_log import log as logging
from oslo_utils import timeutils

from minova import concurrency
import minova.conf
from minova import exception

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# Nova's test for "the connection is gone", as opposed to a failed call.
_CONNECTION_ERROR_CODES = (libvirt.VIR_ERR_SYSTEM_ERROR,
                           libvirt.VIR_ERR_INTERNAL_ERROR,
                           libvirt.VIR_ERR_NO_CONNECT,
                           libvirt.VIR_ERR_INVALID_CONN)
_CONNECTION_ERROR_DOMAINS = (libvirt.VIR_FROM_REMOTE, libvirt.VIR_FROM_RPC)


def connection_uri():
    return CONF.libvirt.connection_uri or 'qemu:///system'


def is_connection_error(error):
    return (error.get_error_code() in _CONNECTION_ERROR_CODES and
            error.get_error_domain() in _CONNECTION_ERROR_DOMAINS)


def _ignore_libvirt_error(_ctx, _error):
    """libvirt prints every error to stderr unless told otherwise; ours
    are raised as exceptions and logged where they matter."""


class Host:
    def __init__(self, uri=None, open_connection=None):
        self._uri = uri or connection_uri()
        self._open_connection = open_connection or libvirt.open
        self._conn = None
        self._connect_lock = concurrency.semaphore(1)
        self._capabilities = None
        libvirt.registerErrorHandler(_ignore_libvirt_error, None)

    @property
    def uri(self):
        return self._uri

    # -- calls ------------------------------------------------------------

    @staticmethod
    def _run(what, timeout, func, *args):
        timeout = timeout or CONF.libvirt.call_timeout
        watch = timeutils.StopWatch().start()
        try:
            with concurrency.time_limit(timeout):
                return concurrency.run_in_thread(func, *args)
        except TimeoutError:
            raise exception.HypervisorTimeout(operation=what,
                                              seconds=timeout)
        finally:
            LOG.debug('libvirt: %s took %.3fs', what, watch.elapsed())

    def _connect(self):
        with self._connect_lock:
            if self._conn is None:
                LOG.info('Connecting to libvirt at %s', self._uri)
                try:
                    self._conn = self._run('connecting to libvirt', None,
                                           self._open_connection, self._uri)
                except (libvirt.libvirtError,
                        exception.HypervisorTimeout) as error:
                    LOG.error('Cannot connect to libvirt at %s: %s',
                              self._uri, error)
                    raise exception.HypervisorUnavailable(host=CONF.host)
            return self._conn

    def _forget(self, conn):
        # Not closed: a thread may still be stuck in a call on it.
        if self._conn is conn:
            self._conn = None

    def call(self, what, func, *args, timeout=None):
        """``func(connection, *args)`` off the hub, within ``timeout``
        seconds ([libvirt] call_timeout by default). ``what`` names the
        operation in errors and logs."""
        for attempt in (1, 2):
            conn = self._connect()
            try:
                return self._run(what, timeout, func, conn, *args)
            except exception.HypervisorTimeout:
                # A wedged connection would hang the next call too.
                self._forget(conn)
                raise
            except libvirt.libvirtError as error:
                if attempt == 2 or not is_connection_error(error):
                    raise
                LOG.warning('Lost the connection to libvirt (%s); '
                            're-opening it', error)
                self._forget(conn)

    # -- the host ---------------------------------------------------------

    def get_version(self):
        """(libvirt version, hypervisor version), as ints: 9000000."""
        return self.call('getting versions', lambda conn: (
            conn.getLibVersion(), conn.getVersion()))

    def get_hypervisor_type(self):
        return self.call('getting the hypervisor type',
                         lambda conn: conn.getType())

    def get_info(self):
        """virNodeGetInfo: [model, memory MiB, cpus, MHz, nodes, sockets,
        cores, threads]."""
        return self.call('getting host info', lambda conn: conn.getInfo())

    def get_capabilities(self):
        """The parsed capabilities XML; it does not change while libvirtd
        runs, so it is read once."""
        if self._capabilities is None:
            xml = self.call('getting capabilities',
                            lambda conn: conn.getCapabilities())
            self._capabilities = etree.fromstring(xml)
        return self._capabilities

    def get_cpu_info(self):
        """The host CPU as the JSON string compute_nodes.cpu_info holds."""
        cpu = self.get_capabilities().find('host/cpu')
        topology = cpu.find('topology')
        return json.dumps({
            'arch': cpu.findtext('arch'),
            'model': cpu.findtext('model'),
            'vendor': cpu.findtext('vendor'),
            'topology': {key: int(topology.get(key, 1)) for key in
                         ('sockets', 'cores', 'threads')}
            if topology is not None else {},
            'features': sorted(feature.get('name') for feature in
                               cpu.findall('feature')),
        })

    def get_guest_types(self):
        """[(arch, domain type, os type)] the host can run."""
        types = []
        for guest in self.get_capabilities().findall('guest'):
            arch = guest.find('arch')
            for domain in arch.findall('domain'):
                types.append((arch.get('name'), domain.get('type'),
                              guest.findtext('os_type')))
        return types

    def get_host_arch(self):
        return self.get_capabilities().findtext('host/cpu/arch')

    def list_domain_uuids(self):
        return self.call('listing domains', lambda conn: [
            dom.UUIDString() for dom in conn.listAllDomains()])

    def list_domain_xmls(self):
        """{uuid: domain XML} of every domain libvirtd has."""
        return self.call('listing domains', lambda conn: {
            dom.UUIDString(): dom.XMLDesc(0)
            for dom in conn.listAllDomains()})

    def list_domain_names(self):
        return self.call('listing domains', lambda conn: [
            dom.name() for dom in conn.listAllDomains()])
