"""The compute host's firewall (nova-network's, on Linux bridges): the
seed's four steps around a guest's start, and their undoing.

* ``setup_basic_filtering`` - anti-spoofing on the guest's tap (an
  nftables ``bridge`` table named after the instance): it sends only
  from its MAC and fixed IPs, DHCP aside.
* ``prepare_instance_filter`` - the inbound chain ``<name>-i`` in
  iptables' filter table, reached from FORWARD for frames to the tap
  (bridge netfilter): established and related traffic, DHCP from the
  network's server, the security group rules, then drop.
* the domain starts (libvirt makes the tap);
* ``apply_instance_filter`` - hairpin on the tap (a guest reaching its
  own floating IP through the router comes back by the same port).

``refresh_instance_security_rules`` rebuilds the inbound chain after a
rule or membership change; ``unfilter_instance`` removes both. The rules
come from the database through the conductor, so a restarted compute
rebuilds every filter (``init_host``). Every root command goes through
``minova.privsep.firewall``.
"""

from oslo_concurrency import processutils
from oslo_log import log as logging

import minova.conf
from minova import exception
from minova.network import model
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


def filter_name(instance):
    """``instance-<id as 8 hex digits>-<uuid[:6]>``: the operator finds
    the instance by name; the uuid part keeps two clouds on one machine
    (functional tests) apart."""
    return 'instance-%08x-%s' % (instance.id, instance.uuid[:6])


def _taps(network_info):
    """(tap, mac, [fixed IPs], dhcp server) of each VIF."""
    for vif in network_info or []:
        subnets = vif['network'].get('subnets') or []
        dhcp = next((s.get('meta', {}).get('dhcp_server') for s in subnets
                     if s.get('meta', {}).get('dhcp_server')), None)
        yield (vif.get('devname') or ('tap' + vif['id'])[:14],
               vif['address'],
               [ip['address'] for ip in model.fixed_ips(vif)], dhcp)


class NoopFirewallDriver:
    """Guests unfiltered: for hosts where minova may not touch netfilter."""

    def setup_basic_filtering(self, context, instance, network_info):
        pass

    def prepare_instance_filter(self, context, instance, network_info):
        pass

    def apply_instance_filter(self, context, instance, network_info):
        pass

    def refresh_instance_security_rules(self, context, instance,
                                        network_info):
        pass

    def unfilter_instance(self, instance, network_info):
        pass


class IptablesFirewallDriver(NoopFirewallDriver):
    """Filters per tap; several taps of one instance share its chain
    name only if it has one VIF (minova boots one per network; the
    second VIF's filter gets a ``-<n>`` free name otherwise)."""

    def __init__(self, priv=None):
        if priv is None:
            from minova.privsep import firewall as priv
        self.priv = priv

    def _names(self, instance, network_info):
        base = filter_name(instance)
        for index, entry in enumerate(_taps(network_info)):
            # One name per tap: the second VIF uses the uuid's next part.
            name = base if index == 0 else 'instance-%08x-%s' % (
                instance.id, instance.uuid[index * 6:index * 6 + 6]
                .replace('-', '0'))
            yield name, entry

    def setup_basic_filtering(self, context, instance, network_info):
        for name, (tap, mac, addresses, _dhcp) in self._names(
                instance, network_info):
            self._run(instance, self.priv.set_basic_filter, name, tap, mac,
                      addresses)

    def prepare_instance_filter(self, context, instance, network_info):
        rules = self.instance_rules(context, instance)
        for name, (tap, _mac, _addresses, dhcp) in self._names(
                instance, network_info):
            self._run(instance, self.priv.set_inbound_filter, name, tap,
                      dhcp, rules)
        LOG.info('Inbound filter %s: %d rule(s) from its security groups',
                 filter_name(instance), len(rules), instance=instance)

    def apply_instance_filter(self, context, instance, network_info):
        for _name, (tap, _mac, _addresses, _dhcp) in self._names(
                instance, network_info):
            self._run(instance, self.priv.set_hairpin, tap)

    def refresh_instance_security_rules(self, context, instance,
                                        network_info):
        self.prepare_instance_filter(context, instance, network_info)

    def unfilter_instance(self, instance, network_info):
        for name, (tap, _mac, _addresses, _dhcp) in self._names(
                instance, network_info):
            self._run(instance, self.priv.remove_filters, name, tap)

    @staticmethod
    def instance_rules(context, instance):
        """The inbound rules of the instance's groups, group sources
        resolved to their members' fixed IPs (read in the conductor)."""
        return objects.SecurityGroupRuleList.inbound_for_instance(
            context, instance.uuid)

    @staticmethod
    def _run(instance, entry_point, *args):
        try:
            entry_point(*args)
        except (processutils.ProcessExecutionError,
                exception.PrivilegedArgumentError) as error:
            raise exception.InstanceDeployFailure(
                reason='firewall of %s: %s' % (instance.uuid, error))


def load(conf=None):
    conf = conf or CONF
    if conf.firewall_driver == 'iptables':
        return IptablesFirewallDriver()
    return NoopFirewallDriver()
