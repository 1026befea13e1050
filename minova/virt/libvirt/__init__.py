"""The libvirt virt driver: ``compute_driver = libvirt.LibvirtDriver``."""

from minova.virt.libvirt.driver import LibvirtDriver

__all__ = ['LibvirtDriver']
