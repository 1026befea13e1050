"""A guest's VIFs on the compute host: ``network_info`` entries
(minova-network's dicts, Nova's network-model shape) as libvirt
``<interface>`` elements, and their plugging.

Only ``bridge`` VIFs exist in minova (nova-network style): libvirt makes
the tap device named by ``devname`` and adds it to the network's Linux
bridge when the domain starts, and removes it when the domain stops.
The bridge itself must exist by then: as os-vif's linux_bridge plugin
does, ``LibvirtVIFDriver.plug`` makes it when it is missing (a compute
host that runs no minova-network), with the same checks and the same
race-safe setup as minova-network's (``linux_net.ensure_bridge``), and
adds the operator's ``[network] flat_interface`` to it when one is set.
Unplugging leaves the bridge (other guests, minova-network may use it).
"""

from oslo_concurrency import processutils
from oslo_log import log as logging

import minova.conf
from minova import exception
from minova.network import linux_net
from minova.virt.libvirt import config as vconfig

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

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


class LibvirtVIFDriver:
    """Plugs bridge VIFs the os-vif way: the host side is the compute's
    job, before the domain is defined and started."""

    def plug(self, instance, vif):
        if vif.get('type') != VIF_TYPE_BRIDGE:
            raise exception.UnsupportedHardware(
                model='vif type %s' % vif.get('type'), virt='libvirt')
        bridge = vif['network']['bridge']
        try:
            created = linux_net.ensure_bridge(
                bridge, uplink=CONF.network.flat_interface or None)
        except (processutils.ProcessExecutionError,
                exception.PrivilegedArgumentError) as error:
            raise exception.NetworkSetupFailed(network=bridge,
                                               reason=str(error))
        if created:
            LOG.info('Created bridge %s for VIF %s', bridge, vif['id'],
                     instance=instance)

    def unplug(self, instance, vif):
        """libvirt removes the tap; the bridge stays."""

    def plug_vifs(self, instance, network_info):
        for vif in network_info or []:
            self.plug(instance, vif)

    def unplug_vifs(self, instance, network_info):
        for vif in network_info or []:
            self.unplug(instance, vif)
