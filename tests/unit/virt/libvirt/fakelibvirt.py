"""A libvirt connection in memory, for the driver's unit tests.

Only the calls minova makes exist. Errors are the real
``libvirt.libvirtError`` with the codes libvirtd would give, so the code
under test handles exactly what it would meet. Tests steer it through
attributes: ``fail_define``, ``fail_create``, ``state_after_create``,
``honours_acpi``, ``broken`` (the connection is lost).
"""

from xml.etree import ElementTree as etree

import libvirt

CAPABILITIES = """<capabilities>
  <host>
    <cpu>
      <arch>x86_64</arch>
      <model>Broadwell</model>
      <vendor>Intel</vendor>
      <topology sockets='1' dies='1' cores='2' threads='1'/>
      <feature name='vme'/>
      <feature name='ss'/>
    </cpu>
  </host>
  <guest>
    <os_type>hvm</os_type>
    <arch name='x86_64'>
      <domain type='qemu'/>
      <domain type='kvm'/>
    </arch>
  </guest>
  <guest>
    <os_type>hvm</os_type>
    <arch name='i686'>
      <domain type='qemu'/>
    </arch>
  </guest>
</capabilities>
"""


def make_error(code, domain=libvirt.VIR_FROM_QEMU, message='error'):
    error = libvirt.libvirtError(message)
    error.err = (code, domain, message, libvirt.VIR_ERR_ERROR, '', '', '',
                 -1, -1)
    return error


def connection_lost():
    return make_error(libvirt.VIR_ERR_INTERNAL_ERROR, libvirt.VIR_FROM_RPC,
                      'internal error: client socket is closed')


class Domain:
    def __init__(self, conn, xml):
        self._conn = conn
        self.xml = xml
        root = etree.fromstring(xml)
        self._name = root.findtext('name')
        self._uuid = root.findtext('uuid')
        self.state_code = libvirt.VIR_DOMAIN_SHUTOFF
        self.shutdown_requests = 0
        self.create_count = 0
        self.saved_memory = False
        self.nmis = 0

    def _check(self):
        self._conn._check()
        if self._uuid not in self._conn.domains:
            raise make_error(libvirt.VIR_ERR_NO_DOMAIN,
                             message='Domain not found')

    def name(self):
        return self._name

    def UUIDString(self):
        return self._uuid

    def XMLDesc(self, flags=0):
        self._check()
        return self.xml

    def ID(self):
        self._check()
        return 1 if self.state_code == libvirt.VIR_DOMAIN_RUNNING else -1

    def state(self):
        self._check()
        return [self.state_code, 0]

    def createWithFlags(self, flags):
        self._check()
        if self._conn.fail_create:
            raise make_error(libvirt.VIR_ERR_INTERNAL_ERROR,
                             message='qemu unexpectedly closed the monitor')
        if self.state_code == libvirt.VIR_DOMAIN_RUNNING:
            raise make_error(libvirt.VIR_ERR_OPERATION_INVALID,
                             message='domain is already running')
        self.create_count += 1
        self.state_code = self._conn.state_after_create
        self.restored = self.saved_memory
        self.saved_memory = False
        return 0

    def _must_run(self, *states):
        self._check()
        if self.state_code not in (states or (libvirt.VIR_DOMAIN_RUNNING,)):
            raise make_error(libvirt.VIR_ERR_OPERATION_INVALID,
                             message='domain is not running')

    def suspend(self):
        self._must_run()
        self.state_code = libvirt.VIR_DOMAIN_PAUSED
        return 0

    def resume(self):
        self._must_run(libvirt.VIR_DOMAIN_PAUSED)
        self.state_code = libvirt.VIR_DOMAIN_RUNNING
        return 0

    def managedSave(self, flags):
        self._must_run(libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_PAUSED)
        self.state_code = libvirt.VIR_DOMAIN_SHUTOFF
        self.saved_memory = True
        return 0

    def hasManagedSaveImage(self, flags):
        self._check()
        return int(self.saved_memory)

    def managedSaveRemove(self, flags):
        self._check()
        self.saved_memory = False
        return 0

    def injectNMI(self, flags):
        self._must_run(libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_PAUSED)
        if self._conn.nmi_unsupported:
            raise make_error(libvirt.VIR_ERR_NO_SUPPORT,
                             message='this function is not supported')
        self.nmis += 1
        return 0

    def shutdown(self):
        self._check()
        if self.state_code != libvirt.VIR_DOMAIN_RUNNING:
            raise make_error(libvirt.VIR_ERR_OPERATION_INVALID,
                             message='domain is not running')
        self.shutdown_requests += 1
        if self._conn.honours_acpi:
            self.state_code = libvirt.VIR_DOMAIN_SHUTOFF
        return 0

    def destroy(self):
        self._check()
        if self.state_code == libvirt.VIR_DOMAIN_SHUTOFF:
            raise make_error(libvirt.VIR_ERR_OPERATION_INVALID,
                             message='domain is not running')
        self.state_code = libvirt.VIR_DOMAIN_SHUTOFF
        return 0

    def undefineFlags(self, flags):
        self._check()
        del self._conn.domains[self._uuid]
        return 0


class Connection:
    def __init__(self):
        self.domains = {}
        self.broken = False
        self.fail_define = False
        self.fail_create = False
        self.state_after_create = libvirt.VIR_DOMAIN_RUNNING
        self.honours_acpi = True
        self.nmi_unsupported = False
        self.calls = 0

    def _check(self):
        self.calls += 1
        if self.broken:
            raise connection_lost()

    def defineXML(self, xml):
        self._check()
        if self.fail_define:
            raise make_error(libvirt.VIR_ERR_CONFIG_UNSUPPORTED,
                             message='unsupported configuration: machine')
        domain = Domain(self, xml)
        old = self.domains.get(domain.UUIDString())
        if old is not None:
            domain.state_code = old.state_code
            domain.create_count = old.create_count
            domain.saved_memory = old.saved_memory
        self.domains[domain.UUIDString()] = domain
        return domain

    def lookupByUUIDString(self, uuid):
        self._check()
        try:
            return self.domains[uuid]
        except KeyError:
            raise make_error(libvirt.VIR_ERR_NO_DOMAIN,
                             message='Domain not found: %s' % uuid)

    def listAllDomains(self, flags=0):
        self._check()
        return list(self.domains.values())

    def getInfo(self):
        self._check()
        return ['x86_64', 7936, 2, 2000, 1, 1, 2, 1]

    def getVersion(self):
        self._check()
        return 7002022

    def getLibVersion(self):
        self._check()
        return 9000000

    def getType(self):
        self._check()
        return 'QEMU'

    def getCapabilities(self):
        self._check()
        return CAPABILITIES


class Opener:
    """``libvirt.open`` stand-in: hands out ``connections`` in order, the
    last one again and again (it is the same daemon); fails like libvirt
    when there is none or the one to hand out is broken (daemon down)."""

    def __init__(self, *connections):
        self.connections = list(connections)
        self.uris = []

    def __call__(self, uri):
        self.uris.append(uri)
        conn = self.connections[0] if self.connections else None
        if len(self.connections) > 1:
            self.connections.pop(0)
        if conn is None or conn.broken:
            raise make_error(libvirt.VIR_ERR_SYSTEM_ERROR,
                             libvirt.VIR_FROM_RPC,
                             'Failed to connect socket')
        return conn
