"""Which disks a guest gets, and on which bus and device name.

The disk mapping is worked out once per spawn, before any file exists,
and both the image preparation (which files to make) and the domain XML
(where to attach them) follow it, as in Nova's ``blockinfo``.
"""

import collections

from minova import exception

# The guest device name prefix of each bus.
_BUS_PREFIX = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'usb': 'sd',
               'ide': 'hd'}
_IDE_MAX_DEVICES = 4

DiskInfo = collections.namedtuple('DiskInfo', 'bus dev device_type')

# File names in the instance directory, Nova's.
ROOT_DISK = 'disk'
EPHEMERAL_DISK = 'disk.local'
SWAP_DISK = 'disk.swap'
CONFIG_DISK = 'disk.config'
RESCUE_DISK = 'disk.rescue'
RESCUE_CONFIG_DISK = 'disk.config.rescue'


def machine_type(image_props, default):
    return image_props.get('hw_machine_type') or default


def is_i440fx(machine):
    """``pc`` and ``pc-i440fx-*`` machines have IDE; ``q35`` has not."""
    return machine == 'pc' or machine.startswith('pc-i440fx')


def disk_bus(image_props):
    bus = image_props.get('hw_disk_bus') or 'virtio'
    if bus not in _BUS_PREFIX:
        raise exception.UnsupportedHardware(model='disk bus %s' % bus,
                                            virt='libvirt')
    return bus


def cdrom_bus(image_props, machine):
    """IDE on i440fx; virtio-scsi elsewhere. Not SATA, Nova's choice for
    q35: minimal guest kernels (our test image's) lack AHCI."""
    bus = image_props.get('hw_cdrom_bus') or (
        'ide' if is_i440fx(machine) else 'scsi')
    if bus not in _BUS_PREFIX or bus == 'virtio':
        raise exception.UnsupportedHardware(model='cdrom bus %s' % bus,
                                            virt='libvirt')
    return bus


def _next_dev(bus, used):
    prefix = _BUS_PREFIX[bus]
    for index in range(26):
        dev = prefix + chr(ord('a') + index)
        if dev not in used:
            if bus == 'ide' and index >= _IDE_MAX_DEVICES:
                break
            return dev
    raise exception.UnsupportedHardware(
        model='more than %d disks on bus %s' % (len(used), bus),
        virt='libvirt')


def get_disk_mapping(flavor, image_props, machine, config_drive=True):
    """An ordered ``{file name: DiskInfo}``: root disk first, then the
    flavor's ephemeral and swap disks, then the config drive."""
    mapping = collections.OrderedDict()
    used = set()

    def add(name, bus, device_type='disk'):
        dev = _next_dev(bus, used)
        used.add(dev)
        mapping[name] = DiskInfo(bus, dev, device_type)

    bus = disk_bus(image_props)
    add(ROOT_DISK, bus)
    if flavor.ephemeral_gb:
        add(EPHEMERAL_DISK, bus)
    if flavor.swap:
        add(SWAP_DISK, bus)
    if config_drive:
        add(CONFIG_DISK, cdrom_bus(image_props, machine), 'cdrom')
    return mapping


def get_rescue_disk_mapping(image_props, machine):
    """A rescue boot: the rescue image's disk first, the instance's own
    root disk second, then a config drive of its own (Nova's)."""
    bus = disk_bus(image_props)
    mapping = collections.OrderedDict()
    mapping[RESCUE_DISK] = DiskInfo(bus, _next_dev(bus, set()), 'disk')
    mapping[ROOT_DISK] = DiskInfo(
        bus, _next_dev(bus, {mapping[RESCUE_DISK].dev}), 'disk')
    cdrom = cdrom_bus(image_props, machine)
    mapping[RESCUE_CONFIG_DISK] = DiskInfo(
        cdrom, _next_dev(cdrom, {info.dev for info in mapping.values()}),
        'cdrom')
    return mapping
