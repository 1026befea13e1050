"""Security groups as nova-network kept them: the checks and writes the
API makes, and telling compute hosts when a server's filter changes.

A project's ``default`` group exists from the first time anything asks
for the project's groups. A rule lets in one protocol (tcp, udp, icmp)
and port range (ICMP: type and code; -1 any) from a CIDR, or from the
servers of a source group. Every change that alters some server's
inbound filter ends in ``refresh``: a fanout cast that makes each compute
host rebuild the filters of the servers it hosts among them.
"""

import netaddr
from oslo_log import log as logging

from minova.compute import rpcapi as compute_rpcapi
import minova.conf
from minova import exception
from minova import objects
from minova import quota

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

DEFAULT_GROUP = 'default'
PROTOCOLS = ('tcp', 'udp', 'icmp')
ANY_CIDR = '0.0.0.0/0'


def check_property(value, name):
    """Nova's checks of a group's name and description."""
    if not isinstance(value, str):
        raise exception.InvalidInput(
            reason='Security group %s is not a string or unicode' % name)
    if not value.strip():
        raise exception.InvalidInput(
            reason='Security group %s cannot be empty.' % name)
    if len(value.strip()) > 255:
        raise exception.InvalidInput(
            reason='Security group %s should not be greater than 255 '
                   'characters.' % name)


def group_id(value):
    """An id from a URL or body; nova-network ids are integers."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise exception.InvalidInput(
            reason='Security group id should be integer')


def _int(value, what):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exception.InvalidInput(
            reason='%s must be an integer' % what)


def _ports(protocol, from_port, to_port):
    """(from_port, to_port) checked as Nova checks them."""
    if protocol == 'icmp':
        icmp_type = -1 if from_port is None else _int(from_port, 'Type')
        code = -1 if to_port is None else _int(to_port, 'Code')
        if not (-1 <= icmp_type <= 255 and -1 <= code <= 255):
            raise exception.InvalidInput(
                reason='ICMP type or code out of range (-1..255)')
        return icmp_type, code
    first, last = _int(from_port, 'from_port'), _int(to_port, 'to_port')
    if first > last:
        raise exception.InvalidInput(
            reason='Invalid port range %s:%s. Former value cannot be '
                   'greater than the later' % (first, last))
    if not (1 <= first <= 65535 and 1 <= last <= 65535):
        raise exception.InvalidInput(
            reason='Invalid port range %s:%s. Valid %s ports should be '
                   'between 1-65535' % (first, last, protocol.upper()))
    return first, last


def rule_values(ip_protocol, from_port, to_port, cidr=None,
                source_group_id=None):
    """The column values of a rule from what a user sends."""
    values = {'group_id': source_group_id, 'cidr': None}
    if source_group_id is None:
        cidr = cidr or ANY_CIDR
        try:
            values['cidr'] = str(netaddr.IPNetwork(cidr).cidr)
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise exception.InvalidInput(
                reason='%s is not a valid IP network.' % cidr)
        if netaddr.IPNetwork(values['cidr']).version != 4:
            raise exception.InvalidInput(reason='only IPv4 rules')
    if ip_protocol is None and from_port is None and to_port is None:
        if source_group_id is None:
            raise exception.InvalidInput(
                reason='Not enough parameters to build a valid rule.')
        # A group rule without a protocol lets everything in.
        values.update(protocol=None, from_port=None, to_port=None)
        return values
    protocol = str(ip_protocol or '').lower()
    if protocol not in PROTOCOLS:
        raise exception.InvalidInput(
            reason='Invalid IP protocol %s.' % ip_protocol)
    values['protocol'] = protocol
    values['from_port'], values['to_port'] = _ports(protocol, from_port,
                                                    to_port)
    return values


class SecurityGroupAPI:
    def __init__(self):
        self._compute_rpcapi = None

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    # -- groups -----------------------------------------------------------

    def ensure_default(self, context, project_id=None):
        return objects.SecurityGroup.ensure_default(
            context, project_id or context.project_id, context.user_id)

    def list(self, context, all_projects=False):
        self.ensure_default(context)
        return objects.SecurityGroupList.get_all(
            context, None if all_projects else context.project_id)

    def get(self, context, value):
        """A group of the caller's project (any, for an admin) by id."""
        group = objects.SecurityGroup.get(context, group_id(value))
        if not context.is_admin and group.project_id != context.project_id:
            raise exception.SecurityGroupNotFound(security_group_id=value)
        return group

    def get_by_name_or_id(self, context, value):
        """A group of the caller's project named ``value`` (or with that
        id): how a boot request and the server actions name groups."""
        if value == DEFAULT_GROUP:
            return self.ensure_default(context)
        try:
            return objects.SecurityGroup.get_by_name(
                context, context.project_id, value)
        except exception.SecurityGroupNotFound:
            if str(value).isdigit():
                return self.get(context, value)
            raise

    def create(self, context, name, description):
        check_property(name, 'name')
        check_property(description, 'description')
        self.ensure_default(context)
        self._check_group_quota(context, 1)
        group = objects.SecurityGroup(
            context, name=name.strip(), description=description.strip(),
            project_id=context.project_id, user_id=context.user_id)
        group.create()
        if CONF.quota.recheck_quota:
            try:
                self._check_group_quota(context, 0)
            except exception.SecurityGroupLimitExceeded:
                group.destroy()
                raise
        return group

    def update(self, context, group, name, description):
        if group.name == DEFAULT_GROUP:
            raise exception.InvalidInput(
                reason="Unable to update system group 'default'")
        check_property(name, 'name')
        check_property(description, 'description')
        group.name, group.description = name.strip(), description.strip()
        group.save()
        return group

    def destroy(self, context, group):
        if group.name == DEFAULT_GROUP:
            raise exception.InvalidInput(
                reason="Unable to delete system group 'default'")
        # Groups naming it as a source lose those rules: refresh them.
        sources = objects.SecurityGroupList.naming_source([group.id])
        group.destroy()
        self.refresh(context, sources)

    def _check_group_quota(self, context, delta):
        count = objects.SecurityGroupList.count_by_project(
            context.project_id)
        if not quota.check_count('security_groups', context.project_id,
                                 count + delta):
            raise exception.SecurityGroupLimitExceeded()

    # -- rules ------------------------------------------------------------

    def rules(self, context, groups):
        """{group id: [rules]} for ``groups``."""
        result = {group.id: [] for group in groups}
        for rule in objects.SecurityGroupRuleList.get_by_groups(
                context, list(result)):
            result[rule.parent_group_id].append(rule)
        return result

    def create_rule(self, context, group, values):
        rule = objects.SecurityGroupRule(context, parent_group_id=group.id,
                                         **values)
        for other in self.rules(context, [group])[group.id]:
            if other.same_as(rule):
                raise exception.SecurityGroupRuleExists(rule=group.id)
        limit = quota.get_limits(context.project_id)['security_group_rules']
        count = objects.SecurityGroupRuleList.count_by_group(group.id)
        if 0 <= limit <= count:
            raise exception.SecurityGroupRuleLimitExceeded()
        rule.create()
        if CONF.quota.recheck_quota and 0 <= limit < \
                objects.SecurityGroupRuleList.count_by_group(group.id):
            rule.destroy()
            raise exception.SecurityGroupRuleLimitExceeded()
        self.refresh(context, [group.id])
        return rule

    def delete_rule(self, context, rule_id):
        rule = objects.SecurityGroupRule.get(context, _int(rule_id, 'id'))
        self.get(context, rule.parent_group_id)   # the caller's?
        rule.destroy()
        self.refresh(context, [rule.parent_group_id])

    # -- servers ----------------------------------------------------------

    def for_boot(self, context, names):
        """The groups a boot asks for (none: ``default``), checked before
        any row is written: 400 for a name the project has no group of."""
        groups = []
        for name in names or [DEFAULT_GROUP]:
            try:
                group = self.get_by_name_or_id(context, name)
            except exception.SecurityGroupNotFound:
                raise exception.SecurityGroupNotFoundForCreate(name=name)
            if group.id not in [g.id for g in groups]:
                groups.append(group)
        return groups

    def add_to_instance(self, context, instance, name):
        group = self.get_by_name_or_id(context, name)
        group.add_instance(instance.uuid)
        self.refresh(context, [group.id])

    def remove_from_instance(self, context, instance, name):
        group = self.get_by_name_or_id(context, name)
        group.remove_instance(instance.uuid)
        # Its own filter changes, and so do those of groups naming it.
        self.refresh(context, [group.id], also=[instance.uuid])

    def instance_groups(self, context, instance_uuid):
        return objects.SecurityGroupList.get_by_instance(context,
                                                         instance_uuid)

    # -- telling the compute hosts ---------------------------------------

    def refresh(self, context, group_ids, also=()):
        """Fanout: compute hosts rebuild the filters of the members of
        ``group_ids`` and of the groups whose rules name them as source
        (their allowed addresses changed), and of ``also``."""
        group_ids = set(group_ids) | set(
            objects.SecurityGroupList.naming_source(group_ids))
        uuids = set(objects.SecurityGroupList.member_uuids(
            context, sorted(group_ids))) | \
            set(also)
        if not uuids:
            return
        LOG.info('Security groups %s changed: refreshing %d server(s)',
                 sorted(group_ids), len(uuids))
        self.compute_rpcapi.refresh_instance_security_rules(context,
                                                            sorted(uuids))
