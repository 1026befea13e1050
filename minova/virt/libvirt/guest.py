"""One libvirt domain, the guest of one instance (domain uuid = instance
uuid).

A Guest holds the uuid, not a virDomain: every operation looks the
domain up on the current connection, so it keeps working after the
Host re-opened a lost one. A domain that does not exist raises
InstanceNotFound.
"""

import libvirt
from oslo_log import log as logging

from minova.compute import power_state
from minova import exception

LOG = logging.getLogger(__name__)

# Nova's mapping. VIR_DOMAIN_SHUTDOWN means "being shut down", but like
# Nova we report it as SHUTDOWN: the guest is on its way off.
LIBVIRT_POWER_STATE = {
    libvirt.VIR_DOMAIN_NOSTATE: power_state.NOSTATE,
    libvirt.VIR_DOMAIN_RUNNING: power_state.RUNNING,
    libvirt.VIR_DOMAIN_BLOCKED: power_state.RUNNING,
    libvirt.VIR_DOMAIN_PAUSED: power_state.PAUSED,
    libvirt.VIR_DOMAIN_SHUTDOWN: power_state.SHUTDOWN,
    libvirt.VIR_DOMAIN_SHUTOFF: power_state.SHUTDOWN,
    libvirt.VIR_DOMAIN_CRASHED: power_state.CRASHED,
    libvirt.VIR_DOMAIN_PMSUSPENDED: power_state.SUSPENDED,
}


def _error_code(error):
    return error.get_error_code() if isinstance(
        error, libvirt.libvirtError) else None


class Guest:
    def __init__(self, host, uuid):
        self._host = host
        self.uuid = uuid

    @classmethod
    def define(cls, host, xml):
        """Define (or redefine) a persistent domain from ``xml``."""
        uuid = host.call('defining the domain', lambda conn:
                         conn.defineXML(xml).UUIDString())
        return cls(host, uuid)

    def _call(self, what, method, *args, timeout=None):
        def on_domain(conn):
            try:
                domain = conn.lookupByUUIDString(self.uuid)
            except libvirt.libvirtError as error:
                if _error_code(error) == libvirt.VIR_ERR_NO_DOMAIN:
                    raise exception.InstanceNotFound(instance_id=self.uuid)
                raise
            return getattr(domain, method)(*args)
        return self._host.call('%s of %s' % (what, self.uuid), on_domain,
                               timeout=timeout)

    def exists(self):
        try:
            self._call('looking up', 'ID')
        except exception.InstanceNotFound:
            return False
        return True

    def get_xml_desc(self):
        return self._call('reading the XML', 'XMLDesc', 0)

    def get_power_state(self):
        state, _reason = self._call('reading the state', 'state')
        return LIBVIRT_POWER_STATE.get(state, power_state.NOSTATE)

    def launch(self, timeout=None):
        """Start the defined domain (qemu runs when this returns)."""
        self._call('starting', 'createWithFlags', 0, timeout=timeout)

    def shutdown(self):
        """Ask the guest to power off (ACPI power button); it may not."""
        try:
            self._call('shutting down', 'shutdown')
        except libvirt.libvirtError as error:
            if _error_code(error) != libvirt.VIR_ERR_OPERATION_INVALID:
                raise
            # Not running: nothing to shut down.

    def poweroff(self):
        """Pull the plug. Not running is fine; libvirt failing to kill
        qemu at once (busy in the kernel) is retried, as in Nova."""
        for attempt in range(1, 4):
            try:
                self._call('destroying', 'destroy')
                return
            except libvirt.libvirtError as error:
                code = _error_code(error)
                if code == libvirt.VIR_ERR_OPERATION_INVALID:
                    return
                if attempt == 3 or code not in (
                        libvirt.VIR_ERR_SYSTEM_ERROR,
                        libvirt.VIR_ERR_OPERATION_TIMEOUT):
                    raise
                LOG.warning('Destroying domain %s failed (%s); trying '
                            'again', self.uuid, error)

    def get_xml(self):
        """The domain's current definition."""
        return self._call('reading the XML', 'XMLDesc', 0)

    def undefine(self):
        """Remove the definition (and any managed save image)."""
        self._call('undefining', 'undefineFlags',
                   libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)

    def pause(self):
        """Stop the vCPUs (virDomainSuspend); memory stays in qemu."""
        self._call('pausing', 'suspend')

    def unpause(self):
        self._call('unpausing', 'resume')

    def save_memory(self):
        """Managed save: memory to libvirt's save file, qemu exits; the
        next ``launch`` restores it."""
        self._call('saving the memory', 'managedSave', 0)

    def discard_saved_memory(self):
        """Drop a managed save image, so the next launch boots afresh."""
        if self._call('looking for saved memory', 'hasManagedSaveImage', 0):
            self._call('discarding saved memory', 'managedSaveRemove', 0)

    def inject_nmi(self):
        self._call('injecting an NMI', 'injectNMI', 0)
