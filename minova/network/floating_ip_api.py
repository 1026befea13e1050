"""Floating IPs as nova-network had them, on the API side: pools cut
from the public range by an operator, addresses a project allocates
(quota ``floating_ips``) and points at a server's fixed IP. Associating
and disassociating are RPC calls to minova-network, which NATs them in
the network's router namespace.
"""

import netaddr
from oslo_log import log as logging

import minova.conf
from minova import exception
from minova.network import rpcapi as network_rpcapi
from minova import objects
from minova import quota

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def pool_addresses(ip_range):
    """The host addresses of ``ip_range`` (a CIDR) for a pool."""
    try:
        net = netaddr.IPNetwork(ip_range)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise exception.InvalidInput(reason='%s is not a CIDR' % ip_range)
    if net.version != 4 or net.prefixlen < 16:
        raise exception.InvalidInput(
            reason='pools are IPv4 ranges of at most a /16')
    hosts = list(net.iter_hosts()) if net.size > 1 else [net.ip]
    return [str(address) for address in hosts]


class FloatingIPAPI:
    def __init__(self):
        self._rpcapi = None

    @property
    def network_rpcapi(self):
        if self._rpcapi is None:
            self._rpcapi = network_rpcapi.NetworkAPI()
        return self._rpcapi

    # -- pools (minova-manage) ---------------------------------------------

    def create_pool(self, context, pool, ip_range):
        addresses = pool_addresses(ip_range)
        public = CONF.network.public_cidr
        if public and not all(netaddr.IPAddress(a) in
                              netaddr.IPNetwork(public) for a in addresses):
            raise exception.InvalidInput(
                reason='%s is not inside [network] public_cidr %s'
                       % (ip_range, public))
        objects.FloatingIPList.create_pool(context, pool, addresses)
        return addresses

    @staticmethod
    def pools():
        return objects.FloatingIPList.pools()

    # -- a project's addresses ---------------------------------------------

    def get_all(self, context):
        return objects.FloatingIPList.get_by_project(context,
                                                     context.project_id)

    def get(self, context, fip_id):
        try:
            fip = objects.FloatingIP.get_by_id(context, int(str(fip_id)))
        except ValueError:
            raise exception.FloatingIpNotFound(id=fip_id)
        if fip.project_id != context.project_id:
            raise exception.FloatingIpNotFound(id=fip_id)
        return fip

    def get_by_address(self, context, address):
        fip = objects.FloatingIP.get_by_address(context, address)
        if fip.project_id != context.project_id:
            raise exception.FloatingIpNotFoundForAddress(address=address)
        return fip

    def allocate(self, context, pool=None):
        pool = pool or self._default_pool()
        if pool not in self.pools():
            raise exception.FloatingIpPoolNotFound()
        self._check_quota(context, 1)
        fip = objects.FloatingIP.allocate(context, context.project_id, pool)
        if CONF.quota.recheck_quota:
            try:
                self._check_quota(context, 0)
            except exception.FloatingIpLimitExceeded:
                fip.release()
                raise
        LOG.info('Allocated floating IP %s of pool %s to project %s',
                 fip.address, pool, context.project_id)
        return fip

    def release(self, context, fip):
        """Disassociate first (nova-network did), then back to the pool."""
        if fip.fixed_ip_id is not None:
            self.network_rpcapi.disassociate_floating_ip(context,
                                                         fip.address)
        fip.release()

    def associate(self, context, instance, address, fixed_address=None):
        fip = self.get_by_address(context, address)
        self.network_rpcapi.associate_floating_ip(context, fip.address,
                                                  fixed_address,
                                                  instance.uuid)

    def disassociate(self, context, instance, address):
        fip = self.get_by_address(context, address)
        if fip.instance_uuid != instance.uuid:
            raise exception.FloatingIpNotAssociatedWithInstance(
                address=address, instance_id=instance.uuid)
        self.network_rpcapi.disassociate_floating_ip(context, fip.address)

    @staticmethod
    def _default_pool():
        return CONF.network.default_floating_pool

    def _check_quota(self, context, delta):
        count = objects.FloatingIPList.count_by_project(context.project_id)
        if not quota.check_count('floating_ips', context.project_id,
                                 count + delta):
            raise exception.FloatingIpLimitExceeded()
