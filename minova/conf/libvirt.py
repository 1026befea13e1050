"""Options of the libvirt virt driver (``compute_driver =
libvirt.LibvirtDriver``)."""

from oslo_config import cfg

libvirt_group = cfg.OptGroup('libvirt', title='Libvirt driver options')

libvirt_opts = [
    cfg.StrOpt('virt_type', default='kvm', choices=('kvm', 'qemu'),
               help='Domain type: ``kvm`` (hardware virtualization) or '
                    '``qemu`` (software emulation, for hosts without '
                    'usable KVM, e.g. nested guests).'),
    cfg.StrOpt('connection_uri', default='',
               help='Libvirt URI to connect to; empty means the local '
                    'system daemon (``qemu:///system``).'),
    cfg.StrOpt('cpu_mode', choices=('host-model', 'host-passthrough',
                                    'custom', 'none'),
               help='Guest CPU model: ``host-model`` or '
                    '``host-passthrough`` copy the host CPU, ``custom`` '
                    'uses ``cpu_models``, ``none`` leaves it to the '
                    'hypervisor. Unset: ``host-model`` for kvm, ``none`` '
                    'for qemu (software emulation cannot copy the host).'),
    cfg.ListOpt('cpu_models', default=[],
                help='Named CPU models for ``cpu_mode = custom``; the '
                     'first one is used.'),
    cfg.StrOpt('hw_machine_type', default='pc',
               help='Machine type of new guests unless the image sets '
                    '``hw_machine_type``. ``pc`` (i440fx) has an IDE bus '
                    'for the config drive, which any guest kernel reads; '
                    '``q35`` needs AHCI or virtio-scsi in the guest.'),
    cfg.IntOpt('spawn_timeout', default=120, min=1,
               help='Seconds a new domain may take to be defined, started '
                    'and reported running by libvirt; past it the build '
                    'fails (and may be rescheduled) instead of hanging.'),
    cfg.IntOpt('call_timeout', default=60, min=1,
               help='Seconds any single libvirt call may take. A hung '
                    'libvirtd or qemu fails the operation, not the '
                    'compute service.'),
    cfg.IntOpt('command_timeout', default=300, min=1,
               help='Seconds qemu-img, genisoimage and mkfs may run for '
                    'one instance\'s disks before the build fails.'),
    cfg.IntOpt('shutdown_timeout', default=60, min=0,
               help='Seconds a guest gets to power itself off after an '
                    'ACPI shutdown request (stop, soft reboot) before it '
                    'is destroyed; 0 destroys at once.'),
    cfg.IntOpt('shutdown_retry_interval', default=10, min=1,
               help='Seconds between repeated ACPI shutdown requests: a '
                    'guest still booting may miss the first one.'),
]


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)


def list_opts():
    return {libvirt_group.name: libvirt_opts}
