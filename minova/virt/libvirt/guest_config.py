"""What an instance's domain looks like: its LibvirtConfigGuest, from the
instance, its image's properties, the disk mapping and the VIFs.

Pure: no libvirt calls, no files touched, so the whole domain can be
checked against golden XML in unit tests.
"""

import os

from oslo_utils import timeutils

from minova.virt.libvirt import config as vconfig
from minova.virt.libvirt import vif as libvirt_vif
from minova import version

# Kernel command line of a kernel/ramdisk image that names none.
DEFAULT_CMDLINE = 'root=/dev/vda console=tty0 console=ttyS0'
CONSOLE_LOG = 'console.log'
KERNEL = 'kernel'
RAMDISK = 'ramdisk'


class GuestPaths:
    """The files of one instance in its directory."""

    def __init__(self, instance_dir, suffix=''):
        self.instance_dir = instance_dir
        # '.rescue': the kernel and ramdisk of a rescue boot
        self.suffix = suffix

    def path(self, name):
        return os.path.join(self.instance_dir, name)

    @property
    def console_log(self):
        return self.path(CONSOLE_LOG)

    @property
    def kernel(self):
        return self.path(KERNEL + self.suffix)

    @property
    def ramdisk(self):
        return self.path(RAMDISK + self.suffix)


def cpu_config(virt_type, cpu_mode, cpu_models, vcpus):
    """``host-model`` for kvm by default; under plain qemu (software
    emulation) the host's CPU cannot be copied, so ``none``."""
    mode = cpu_mode or ('host-model' if virt_type == 'kvm' else 'none')
    cpu = vconfig.LibvirtConfigGuestCPU(sockets=vcpus, cores=1, threads=1)
    if mode != 'none':
        cpu.mode = mode
    if mode == 'custom':
        cpu.model = cpu_models[0] if cpu_models else None
    return cpu


def clock_config():
    """Nova's x86 timers: no lost ticks piling up after a busy host."""
    clock = vconfig.LibvirtConfigGuestClock('utc')
    clock.add_timer('pit', tickpolicy='delay')
    clock.add_timer('rtc', tickpolicy='catchup')
    clock.add_timer('hpet', present='no')
    return clock


def metadata_config(instance, image_id, host=None):
    flavor = instance.flavor
    return vconfig.LibvirtConfigGuestMetaInstance(
        package=version.VERSION, host=host,
        name=instance.display_name,
        creation_time=timeutils.utcnow().strftime('%Y-%m-%d %H:%M:%S'),
        flavor=vconfig.LibvirtConfigGuestMetaFlavor(
            flavor.name, flavor.memory_mb, flavor.root_gb, flavor.swap,
            flavor.ephemeral_gb, flavor.vcpus),
        owner=vconfig.LibvirtConfigGuestMetaOwner(instance.user_id,
                                                  instance.project_id),
        root_image=image_id)


def sysinfo_config(instance):
    return vconfig.LibvirtConfigGuestSysinfo(
        manufacturer='OpenStack Foundation', product='OpenStack Nova',
        version=version.VERSION, serial=instance.uuid, uuid=instance.uuid,
        family='Virtual Machine')


def disk_configs(paths, disk_mapping, cachemode):
    disks = []
    for name, info in disk_mapping.items():
        cdrom = info.device_type == 'cdrom'
        disks.append(vconfig.LibvirtConfigGuestDisk(
            source_path=paths.path(name), target_dev=info.dev,
            target_bus=info.bus, source_device=info.device_type,
            driver_format='raw' if cdrom else 'qcow2',
            driver_cache=cachemode, readonly=cdrom))
    return disks


def get_guest_config(instance, image_meta, disk_mapping, network_info,
                     paths, virt_type, machine, cpu_mode=None,
                     cpu_models=(), cachemode=None, with_kernel=False,
                     with_ramdisk=False, host=None):
    """The domain of ``instance``; ``host`` (the compute service that
    makes it) goes in the metadata: the orphan reaper of a host touches
    only domains with its own name, as computes may share a libvirtd."""
    props = image_meta.get('properties') or {}
    flavor = instance.flavor
    guest = vconfig.LibvirtConfigGuest()
    guest.virt_type = virt_type
    guest.name = instance.name
    guest.uuid = instance.uuid
    guest.memory_kib = flavor.memory_mb * 1024
    guest.vcpus = flavor.vcpus
    guest.metadata.append(metadata_config(instance, image_meta.get('id'),
                                          host))
    guest.sysinfo = sysinfo_config(instance)
    guest.os_arch = props.get('hw_architecture')
    guest.os_mach_type = machine
    if with_kernel:
        guest.os_kernel = paths.kernel
        guest.os_cmdline = props.get('os_command_line') or DEFAULT_CMDLINE
        if with_ramdisk:
            guest.os_initrd = paths.ramdisk
    else:
        guest.os_boot_dev = ['hd']
    guest.features = ['acpi', 'apic']
    guest.cpu = cpu_config(virt_type, cpu_mode, cpu_models, flavor.vcpus)
    guest.clock = clock_config()

    for disk in disk_configs(paths, disk_mapping, cachemode):
        guest.add_device(disk)
    if any(info.bus == 'scsi' for info in disk_mapping.values()):
        guest.add_device(vconfig.LibvirtConfigGuestController(
            'scsi', model='virtio-scsi'))
    for vif in network_info or []:
        guest.add_device(libvirt_vif.get_config(vif))
    guest.add_device(vconfig.LibvirtConfigGuestSerial(paths.console_log))
    # No USB tablet or keyboard is needed without graphics: no USB bus.
    guest.add_device(vconfig.LibvirtConfigGuestController('usb',
                                                          model='none'))
    guest.add_device(vconfig.LibvirtConfigGuestMemBalloon())
    return guest
