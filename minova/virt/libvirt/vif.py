"""The guest side of a VIF: ``network_info`` entries (minova-network's
dicts, Nova's network-model shape) as libvirt ``<interface>`` elements.

Only ``bridge`` VIFs exist in minova (nova-network style): libvirt makes
the tap device named by ``devname`` and adds it to the network's Linux
bridge when the domain starts, and removes it when the domain stops, so
there is nothing to plug or unplug here.
"""

from minova import exception
from minova.virt.libvirt import config as vconfig

VIF_TYPE_BRIDGE = 'bridge'
# Linux interface names have at most 15 characters.
_DEVNAME_LEN = 14


def devname(vif):
    return vif.get('devname') or ('tap' + vif['id'])[:_DEVNAME_LEN]


def mtu(vif):
    network = vif.get('network') or {}
    return vif.get('mtu') or (network.get('meta') or {}).get('mtu')


def get_config(vif):
    """The ``<interface>`` of one VIF; virtio, the only NIC model every
    guest kernel we boot has (no e1000 in cloud kernels)."""
    vif_type = vif.get('type')
    if vif_type != VIF_TYPE_BRIDGE:
        raise exception.UnsupportedHardware(model='vif type %s' % vif_type,
                                            virt='libvirt')
    return vconfig.LibvirtConfigGuestInterface(
        mac_addr=vif['address'], source_bridge=vif['network']['bridge'],
        target_dev=devname(vif), model='virtio', mtu=mtu(vif))
