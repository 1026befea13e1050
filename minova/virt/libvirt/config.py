"""The libvirt domain XML as a small object model.

Each class is one element of ``<domain>`` and renders itself with
ElementTree (``format_dom``), so every name a user chose (the server's
display name, the owner's ids) goes through the XML library's escaping;
nothing here pastes strings into XML. Characters XML 1.0 cannot carry at
all (most control characters) are replaced, since escaping cannot help
them and libvirt would reject the document.

The names follow Nova's ``nova/virt/libvirt/config.py``.
"""

import re
from xml.etree import ElementTree as etree

# Code points XML 1.0 allows: everything else cannot even be escaped.
_NOT_XML_CHAR = re.compile(
    '[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]')

METADATA_NAMESPACE = 'http://openstack.org/xmlns/libvirt/minova/1.0'
METADATA_PREFIX = 'minova'


def xml_text(value):
    """``value`` as text XML can hold (None stays None)."""
    if value is None:
        return None
    return _NOT_XML_CHAR.sub('\ufffd', str(value))


def new_node(tag, text=None, **attrs):
    """An element; attribute values of None are left out."""
    node = etree.Element(tag, {key: xml_text(value)
                               for key, value in attrs.items()
                               if value is not None})
    if text is not None:
        node.text = xml_text(text)
    return node


def sub_node(parent, tag, text=None, **attrs):
    node = new_node(tag, text, **attrs)
    parent.append(node)
    return node


class LibvirtConfigObject:
    root_name = None

    def format_dom(self):
        return new_node(self.root_name)

    def to_xml(self, pretty_print=True):
        root = self.format_dom()
        if pretty_print:
            etree.indent(root, space='  ')
        return etree.tostring(root, encoding='unicode') + '\n'


# -- metadata ------------------------------------------------------------

class LibvirtConfigGuestMetaInstance(LibvirtConfigObject):
    """``<minova:instance>``: who owns the guest and what it was built
    from, for someone reading ``virsh dumpxml`` on the host.

    libvirt wants every metadata child in a namespace of its own, declared
    on that child, as Nova's lxml writes it. ElementTree would declare a
    namespace on the document root instead, so the prefixed tag names and
    the ``xmlns:`` attribute are written literally here.
    """
    root_name = '%s:instance' % METADATA_PREFIX

    def __init__(self, package=None, name=None, creation_time=None,
                 flavor=None, owner=None, root_image=None, host=None):
        self.package = package
        self.host = host              # the compute service that owns it
        self.name = name
        self.creation_time = creation_time
        self.flavor = flavor          # LibvirtConfigGuestMetaFlavor
        self.owner = owner            # LibvirtConfigGuestMetaOwner
        self.root_image = root_image  # image id

    @staticmethod
    def _tag(name):
        return '%s:%s' % (METADATA_PREFIX, name)

    def format_dom(self):
        root = new_node(self.root_name,
                        **{'xmlns:' + METADATA_PREFIX: METADATA_NAMESPACE})
        if self.package is not None:
            sub_node(root, self._tag('package'), version=self.package)
        sub_node(root, self._tag('name'), self.name)
        if self.host is not None:
            sub_node(root, self._tag('host'), self.host)
        if self.creation_time is not None:
            sub_node(root, self._tag('creationTime'), self.creation_time)
        if self.flavor is not None:
            root.append(self.flavor.format_dom())
        if self.owner is not None:
            root.append(self.owner.format_dom())
        if self.root_image is not None:
            sub_node(root, self._tag('root'), type='image',
                     uuid=self.root_image)
        return root


def metadata_host(domain_xml):
    """The owning host written in a domain's minova metadata; None for a
    domain minova did not make (or made before hosts were written)."""
    root = etree.fromstring(domain_xml)
    return root.findtext('metadata/{%s}instance/{%s}host' % (
        METADATA_NAMESPACE, METADATA_NAMESPACE))


class LibvirtConfigGuestMetaFlavor(LibvirtConfigObject):
    root_name = '%s:flavor' % METADATA_PREFIX

    def __init__(self, name, memory, disk, swap, ephemeral, vcpus):
        self.name = name
        self.values = (('memory', memory), ('disk', disk), ('swap', swap),
                       ('ephemeral', ephemeral), ('vcpus', vcpus))

    def format_dom(self):
        root = new_node(self.root_name, name=self.name)
        for key, value in self.values:
            sub_node(root, '%s:%s' % (METADATA_PREFIX, key), value)
        return root


class LibvirtConfigGuestMetaOwner(LibvirtConfigObject):
    root_name = '%s:owner' % METADATA_PREFIX

    def __init__(self, user_id, project_id):
        self.user_id = user_id
        self.project_id = project_id

    def format_dom(self):
        root = new_node(self.root_name)
        sub_node(root, '%s:user' % METADATA_PREFIX, self.user_id,
                 uuid=self.user_id)
        sub_node(root, '%s:project' % METADATA_PREFIX, self.project_id,
                 uuid=self.project_id)
        return root


class LibvirtConfigGuestSysinfo(LibvirtConfigObject):
    """SMBIOS system strings: cloud-init and friends recognise an
    OpenStack guest by them."""
    root_name = 'sysinfo'

    def __init__(self, manufacturer, product, version, serial, uuid,
                 family):
        self.system = (('manufacturer', manufacturer), ('product', product),
                       ('version', version), ('serial', serial),
                       ('uuid', uuid), ('family', family))

    def format_dom(self):
        root = new_node(self.root_name, type='smbios')
        system = sub_node(root, 'system')
        for name, value in self.system:
            if value is not None:
                sub_node(system, 'entry', value, name=name)
        return root


# -- cpu and clock -------------------------------------------------------

class LibvirtConfigGuestCPU(LibvirtConfigObject):
    root_name = 'cpu'

    def __init__(self, mode=None, model=None, sockets=None, cores=None,
                 threads=None):
        self.mode = mode
        self.model = model
        self.sockets = sockets
        self.cores = cores
        self.threads = threads

    def format_dom(self):
        root = new_node(self.root_name, mode=self.mode,
                        match='exact' if self.mode == 'custom' else None)
        if self.model is not None:
            sub_node(root, 'model', self.model, fallback='allow')
        if self.sockets is not None:
            sub_node(root, 'topology', sockets=self.sockets,
                     cores=self.cores, threads=self.threads)
        return root


class LibvirtConfigGuestClock(LibvirtConfigObject):
    root_name = 'clock'

    def __init__(self, offset='utc'):
        self.offset = offset
        self.timers = []   # (name, {attribute: value})

    def add_timer(self, name, **attrs):
        self.timers.append((name, attrs))

    def format_dom(self):
        root = new_node(self.root_name, offset=self.offset)
        for name, attrs in self.timers:
            sub_node(root, 'timer', name=name, **attrs)
        return root


# -- devices -------------------------------------------------------------

class LibvirtConfigGuestDevice(LibvirtConfigObject):
    pass


class LibvirtConfigGuestDisk(LibvirtConfigGuestDevice):
    """A file-backed disk or cdrom."""
    root_name = 'disk'

    def __init__(self, source_path, target_dev, target_bus,
                 source_device='disk', driver_format='qcow2',
                 driver_cache=None, readonly=False, serial=None):
        self.source_path = source_path
        self.target_dev = target_dev
        self.target_bus = target_bus
        self.source_device = source_device
        self.driver_format = driver_format
        self.driver_cache = driver_cache
        self.readonly = readonly
        self.serial = serial

    def format_dom(self):
        root = new_node(self.root_name, type='file',
                        device=self.source_device)
        sub_node(root, 'driver', name='qemu', type=self.driver_format,
                 cache=self.driver_cache)
        sub_node(root, 'source', file=self.source_path)
        sub_node(root, 'target', dev=self.target_dev, bus=self.target_bus)
        if self.readonly:
            sub_node(root, 'readonly')
        if self.serial is not None:
            sub_node(root, 'serial', self.serial)
        return root


class LibvirtConfigGuestInterface(LibvirtConfigGuestDevice):
    """A NIC plugged into a Linux bridge (``<interface type='bridge'>``):
    libvirt creates the tap device ``target_dev`` and enslaves it."""
    root_name = 'interface'

    def __init__(self, mac_addr, source_bridge, target_dev=None,
                 model='virtio', mtu=None):
        self.mac_addr = mac_addr
        self.source_bridge = source_bridge
        self.target_dev = target_dev
        self.model = model
        self.mtu = mtu

    def format_dom(self):
        root = new_node(self.root_name, type='bridge')
        sub_node(root, 'mac', address=self.mac_addr)
        sub_node(root, 'source', bridge=self.source_bridge)
        if self.target_dev is not None:
            sub_node(root, 'target', dev=self.target_dev)
        sub_node(root, 'model', type=self.model)
        if self.mtu is not None:
            sub_node(root, 'mtu', size=self.mtu)
        return root


class LibvirtConfigGuestSerial(LibvirtConfigGuestDevice):
    """The guest's first serial port, a pty whose output virtlogd also
    appends to ``log_file``: the console log survives reboots, and
    ``virsh console`` still works."""
    root_name = 'serial'

    def __init__(self, log_file, log_append=True):
        self.log_file = log_file
        self.log_append = log_append

    def format_dom(self):
        root = new_node(self.root_name, type='pty')
        sub_node(root, 'log', file=self.log_file,
                 append='on' if self.log_append else 'off')
        sub_node(root, 'target', port=0)
        return root


class LibvirtConfigGuestController(LibvirtConfigGuestDevice):
    root_name = 'controller'

    def __init__(self, controller_type, index=0, model=None):
        self.controller_type = controller_type
        self.index = index
        self.model = model

    def format_dom(self):
        return new_node(self.root_name, type=self.controller_type,
                        index=self.index, model=self.model)


class LibvirtConfigGuestMemBalloon(LibvirtConfigGuestDevice):
    root_name = 'memballoon'

    def __init__(self, model='virtio', period=10):
        self.model = model
        self.period = period

    def format_dom(self):
        root = new_node(self.root_name, model=self.model)
        if self.period:
            sub_node(root, 'stats', period=self.period)
        return root


# -- the domain ----------------------------------------------------------

class LibvirtConfigGuest(LibvirtConfigObject):
    root_name = 'domain'

    def __init__(self):
        self.virt_type = None
        self.name = None
        self.uuid = None
        self.memory_kib = None
        self.vcpus = 1
        self.metadata = []
        self.sysinfo = None
        self.os_type = 'hvm'
        self.os_arch = None
        self.os_mach_type = None
        self.os_kernel = None
        self.os_initrd = None
        self.os_cmdline = None
        self.os_boot_dev = []
        self.features = []   # element names: acpi, apic...
        self.cpu = None
        self.clock = None
        self.devices = []
        self.on_poweroff = 'destroy'
        self.on_reboot = 'restart'
        self.on_crash = 'destroy'

    def add_device(self, device):
        self.devices.append(device)

    def _format_os(self, root):
        os_node = sub_node(root, 'os')
        sub_node(os_node, 'type', self.os_type, arch=self.os_arch,
                 machine=self.os_mach_type)
        if self.os_kernel is not None:
            sub_node(os_node, 'kernel', self.os_kernel)
        if self.os_initrd is not None:
            sub_node(os_node, 'initrd', self.os_initrd)
        if self.os_cmdline is not None:
            sub_node(os_node, 'cmdline', self.os_cmdline)
        for dev in self.os_boot_dev:
            sub_node(os_node, 'boot', dev=dev)
        if self.sysinfo is not None:
            sub_node(os_node, 'smbios', mode='sysinfo')

    def format_dom(self):
        root = new_node(self.root_name, type=self.virt_type)
        sub_node(root, 'name', self.name)
        sub_node(root, 'uuid', self.uuid)
        if self.metadata:
            metadata = sub_node(root, 'metadata')
            for item in self.metadata:
                metadata.append(item.format_dom())
        sub_node(root, 'memory', self.memory_kib, unit='KiB')
        sub_node(root, 'vcpu', self.vcpus)
        if self.sysinfo is not None:
            root.append(self.sysinfo.format_dom())
        self._format_os(root)
        if self.features:
            features = sub_node(root, 'features')
            for name in self.features:
                sub_node(features, name)
        if self.cpu is not None:
            root.append(self.cpu.format_dom())
        if self.clock is not None:
            root.append(self.clock.format_dom())
        sub_node(root, 'on_poweroff', self.on_poweroff)
        sub_node(root, 'on_reboot', self.on_reboot)
        sub_node(root, 'on_crash', self.on_crash)
        devices = sub_node(root, 'devices')
        for device in self.devices:
            devices.append(device.format_dom())
        return root
