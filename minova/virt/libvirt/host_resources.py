"""What this host offers to guests, as the resource tracker wants it
(``ComputeDriver.get_available_resource``): CPUs and memory from
libvirt, disk from the file system under ``instances_path``.

It runs on every claim, so it reads no more than a few cheap libvirt
calls, one statvfs and the instance disks' qcow2 headers.
"""

import functools
import os
import socket

import minova.conf
from minova.virt.libvirt import blockinfo
from minova.virt.libvirt import disk
from minova.virt.libvirt import imagecache

CONF = minova.conf.CONF

_INSTANCE_DISKS = (blockinfo.ROOT_DISK, blockinfo.EPHEMERAL_DISK,
                   blockinfo.SWAP_DISK)


def disk_over_committed_bytes(instances_path):
    """How much the thin instance disks may still grow: the sum over
    qcow2 disks of virtual size minus the space they use now."""
    total = 0
    try:
        entries = os.listdir(instances_path)
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry == imagecache.BASE_DIR_NAME or entry.startswith('.'):
            continue
        for name in _INSTANCE_DISKS:
            path = os.path.join(instances_path, entry, name)
            virtual = disk.qcow2_virtual_size(path)
            if virtual is None:
                continue
            try:
                used = os.stat(path).st_blocks * 512
            except FileNotFoundError:
                continue
            total += max(0, virtual - used)
    return total


@functools.lru_cache(maxsize=1)
def host_ip():
    """The address other hosts reach this one at: the source address of
    the default route (a UDP connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(('8.8.8.8', 9))
            return sock.getsockname()[0]
    except OSError:
        return '127.0.0.1'


def get_available_resource(host, nodename):
    info = host.get_info()
    _libvirt_version, hv_version = host.get_version()
    stats = os.statvfs(CONF.instances_path)
    total_bytes = stats.f_frsize * stats.f_blocks
    free_bytes = stats.f_frsize * stats.f_bavail
    over_committed = disk_over_committed_bytes(CONF.instances_path)
    return {
        'vcpus': info[2],
        'memory_mb': info[1],
        'local_gb': total_bytes // disk.GiB,
        'hypervisor_type': host.get_hypervisor_type(),
        'hypervisor_version': hv_version,
        'hypervisor_hostname': nodename,
        'cpu_info': host.get_cpu_info(),
        'disk_available_least': (free_bytes - over_committed) // disk.GiB,
        'supported_instances': [list(guest_type) for guest_type
                                in host.get_guest_types()],
        'host_ip': host_ip(),
    }
