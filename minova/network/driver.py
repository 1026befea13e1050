"""What minova-network does on its host for a network, behind one small
interface: ``linux_net`` (bridge, namespace, dnsmasq) or ``noop``."""


class NetworkDriver:
    def ensure_network(self, network):
        """Make the network usable on this host (idempotent)."""

    def is_ready(self, network):
        """Cheap check that ``ensure_network`` need not run again."""
        return True

    def update_dhcp(self, network, entries, released=()):
        """Serve exactly ``entries`` ((mac, address) pairs) by DHCP; forget
        the leases of ``released`` pairs."""

    def dhcp_entries(self, network):
        """The (mac, address) pairs DHCP serves now; None: not known."""
        return None

    def update_router(self, network, pairs, metadata_port=None):
        """NAT exactly ``pairs`` ((floating, fixed) addresses) in the
        network's router, and the metadata address to ``metadata_port``
        of its proxy."""

    def hosted_networks(self):
        """Uuids of the networks set up on this host."""
        return set()

    def remove_network(self, network_uuid):
        """Undo ``ensure_network`` for a network that no longer exists."""


class NoopDriver(NetworkDriver):
    """Addresses only: for hosts where minova may not touch networking."""


def load(conf):
    """The driver named by ``[network] network_driver``."""
    if conf.network.network_driver == 'noop':
        return NoopDriver()
    from minova.network import linux_net
    metadata = (conf.metadata.socket_path, conf.metadata.proxy_port) \
        if conf.metadata.proxy_enabled else None
    return linux_net.LinuxNetDriver(conf.network.networks_path,
                                    conf.network.dhcp_lease_time,
                                    conf.network.dnsmasq_user,
                                    conf.network.public_bridge,
                                    conf.network.public_cidr,
                                    metadata,
                                    conf.network.flat_interface)
