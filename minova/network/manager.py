"""Server side of the network RPC API (see network/rpcapi.py).

Addresses and MACs are rows (ipam.py) that any number of requests may
take at once; the host side (driver.py) is this process's: a DHCP hosts
file per network, rewritten from the database under a per-network lock
and reloaded, so it always matches the rows whatever order requests
finish in. A periodic pass brings the host in line with the database.
"""

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

import minova.conf
from minova import exception
from minova import manager
from minova.network import api as network_api
from minova.network import driver as network_driver
from minova.network import ipam
from minova.network import model
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class NetworkManager(manager.Manager):
    target = messaging.Target(version='1.80')

    def __init__(self, driver=None):
        super().__init__()
        self.driver = driver or network_driver.load(CONF)

    def init_host(self, context):
        self.sync_host(context)

    # -- RPC methods ------------------------------------------------------

    @messaging.expected_exceptions(exception.MinovaException)
    def allocate_for_instance(self, context, instance_uuid,
                              requested_networks=None, host=None):
        watch = timeutils.StopWatch().start()
        LOG.info('Allocating networks %s for the instance on %s',
                 'default' if requested_networks is None else
                 [r['uuid'] for r in requested_networks], host,
                 instance_uuid=instance_uuid)
        wanted = self._networks_for(context, requested_networks)
        if objects.VirtualInterfaceList.get_by_instance_uuid(
                context, instance_uuid):
            # A second allocation (a retried build) replaces the first.
            LOG.warning('The instance already has interfaces; replacing '
                        'them', instance_uuid=instance_uuid)
            self._release(context, instance_uuid)
        for network, _address in wanted:
            if not self.driver.is_ready(network):
                self.driver.ensure_network(network)
        try:
            for network, address in wanted:
                vif = ipam.create_vif(
                    context, network, instance_uuid, CONF.network.base_mac,
                    CONF.network.create_unique_mac_address_attempts)
                fixed_ip = ipam.allocate_fixed_ip(
                    context, network, instance_uuid, vif.id, address,
                    CONF.network.fixed_ip_allocation_attempts)
                LOG.info('Allocated %s (MAC %s) on network %s',
                         fixed_ip.address, vif.address, network.label,
                         instance_uuid=instance_uuid)
        except Exception as error:
            LOG.warning('Allocation failed, giving back what it took: %s',
                        error, instance_uuid=instance_uuid)
            self._release(context, instance_uuid)
            raise
        network_info = self._save_nw_info(context, instance_uuid)
        for network, _address in wanted:
            self._refresh_dhcp(context, network)
        LOG.info('Allocated networks in %.3fs', watch.elapsed(),
                 instance_uuid=instance_uuid)
        return network_info

    @messaging.expected_exceptions(exception.MinovaException)
    def deallocate_for_instance(self, context, instance_uuid, host=None):
        watch = timeutils.StopWatch().start()
        self._release(context, instance_uuid)
        self._save_nw_info(context, instance_uuid)
        LOG.info('Deallocated networks in %.3fs',
                 watch.elapsed(), instance_uuid=instance_uuid)

    def get_instance_nw_info(self, context, instance_uuid):
        return self._build_nw_info(context, instance_uuid)

    def audit_dhcp(self, context, fix=False):
        """DHCP entries served that no address row has, and rows not
        served: [{'network', 'extra', 'missing'}] (see rpcapi). ``fix``
        rewrites the hosts files from the rows."""
        found = []
        for network in objects.NetworkList.get_all(context):
            served = self.driver.dhcp_entries(network)
            if served is None:
                continue
            wanted = set(self._dhcp_entries(context, network))
            if served == wanted:
                continue
            found.append({'network': network.label,
                          'extra': sorted(served - wanted),
                          'missing': sorted(wanted - served)})
            if fix:
                self._refresh_dhcp(context, network)
        return found

    # -- periodic ---------------------------------------------------------

    @manager.periodic('network.host_sync_interval')
    def sync_host(self, context):
        """Set up every network on this host (restarting a dnsmasq that
        died), tear down the ones deleted, free the addresses of deleted
        servers."""
        networks = objects.NetworkList.get_all(context)
        for network in networks:
            try:
                if not self.driver.is_ready(network):
                    self.driver.ensure_network(network)
                self._refresh_dhcp(context, network)
            except exception.NetworkSetupFailed as error:
                LOG.error('%s', error.format_message())
        live = {network.uuid for network in networks}
        for network_uuid in self.driver.hosted_networks() - live:
            LOG.info('Network %s was deleted; removing it from this host',
                     network_uuid)
            self.driver.remove_network(network_uuid)
        for instance_uuid in \
                objects.VirtualInterfaceList.get_orphaned_instance_uuids(
                    context):
            LOG.info('Freeing the addresses of a deleted instance',
                     instance_uuid=instance_uuid)
            self.deallocate_for_instance(context, instance_uuid)

    # -- helpers ----------------------------------------------------------

    def _networks_for(self, context, requested_networks):
        """[(network, requested address or None)] for the request."""
        if requested_networks is None:
            return [(network, None) for network in
                    network_api.choose_default_networks(
                        objects.NetworkList.get_all(context),
                        CONF.network.default_network)]
        return [(objects.Network.get_by_uuid(context, request['uuid']),
                 request.get('fixed_ip'))
                for request in requested_networks]

    def _release(self, context, instance_uuid):
        """Drop the instance's interfaces and addresses, and their DHCP
        entries and leases."""
        vifs = objects.VirtualInterfaceList.get_by_instance_uuid(
            context, instance_uuid)
        macs = {vif.id: vif.address for vif in vifs}
        released = {}
        for fixed_ip in objects.FixedIPList.get_by_instance_uuid(
                context, instance_uuid):
            if fixed_ip.virtual_interface_id in macs:
                released.setdefault(fixed_ip.network_id, []).append(
                    (macs[fixed_ip.virtual_interface_id], fixed_ip.address))
        network_ids = objects.VirtualInterfaceList.delete_by_instance_uuid(
            context, instance_uuid)
        for network_id in network_ids:
            try:
                network = objects.Network.get_by_id(context, network_id)
            except exception.NetworkNotFound:
                continue
            self._refresh_dhcp(context, network,
                               released.get(network_id, ()))

    def _refresh_dhcp(self, context, network, released=()):
        """Rewrite the network's DHCP hosts from the rows and reload."""
        with lockutils.lock('minova-network-dhcp-%s' % network.uuid):
            self.driver.update_dhcp(
                network, self._dhcp_entries(context, network), released)

    @staticmethod
    def _dhcp_entries(context, network):
        """(mac, address) of every allocated address on ``network``."""
        macs = {vif.id: vif.address for vif in
                objects.VirtualInterfaceList.get_by_network(
                    context, network.id)}
        return [(macs[ip.virtual_interface_id], ip.address)
                for ip in objects.FixedIPList.get_by_network(
                    context, network.id)
                if ip.allocated and ip.virtual_interface_id in macs]

    def _build_nw_info(self, context, instance_uuid):
        vifs = objects.VirtualInterfaceList.get_by_instance_uuid(
            context, instance_uuid)
        addresses = {}
        for fixed_ip in objects.FixedIPList.get_by_instance_uuid(
                context, instance_uuid):
            addresses.setdefault(fixed_ip.virtual_interface_id, []).append(
                fixed_ip.address)
        networks = {}
        network_info = []
        for vif in vifs:
            if vif.network_id not in networks:
                networks[vif.network_id] = objects.Network.get_by_id(
                    context, vif.network_id)
            network_info.append(model.vif(vif, networks[vif.network_id],
                                          addresses.get(vif.id, [])))
        return network_info

    def _save_nw_info(self, context, instance_uuid):
        network_info = self._build_nw_info(context, instance_uuid)
        objects.InstanceInfoCache(context, instance_uuid=instance_uuid,
                                  network_info=network_info).save()
        return network_info
