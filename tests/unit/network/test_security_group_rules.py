"""What a compute host filters on: a server's inbound rules, group
sources resolved to the fixed IPs of their live members."""

from minova import objects
from minova.network import ipam


def _server(ctx, network, uuid, group_ids):
    from oslo_utils import uuidutils
    inst = objects.Instance(ctx, uuid=uuid or uuidutils.generate_uuid(),
                            project_id='p', user_id='u', vm_state='active')
    inst.create()
    vif = ipam.create_vif(ctx, network, inst.uuid, 'fa:16:3e:00:00:00', 5)
    fixed = ipam.allocate_fixed_ip(ctx, network, inst.uuid, vif.id, None, 5)
    for group_id in group_ids:
        objects.SecurityGroup.get(ctx, group_id).add_instance(inst.uuid)
    return inst, fixed.address


def test_inbound_rules_resolve_group_sources(ctx, network):
    web = objects.SecurityGroup(ctx, name='web', description='d',
                                project_id='p', user_id='u')
    web.create()
    default = objects.SecurityGroup.ensure_default(ctx, 'p', 'u')
    objects.SecurityGroupRule(ctx, parent_group_id=web.id, protocol='tcp',
                              from_port=22, to_port=22,
                              cidr='0.0.0.0/0').create()
    objects.SecurityGroupRule(ctx, parent_group_id=web.id,
                              group_id=default.id).create()
    target, _ = _server(ctx, network, None, [web.id])
    member, member_ip = _server(ctx, network, None, [default.id])
    rules = objects.SecurityGroupRuleList.inbound_for_instance(
        ctx, target.uuid)
    assert rules == [
        {'protocol': 'tcp', 'from_port': 22, 'to_port': 22,
         'cidr': '0.0.0.0/0'},
        {'protocol': None, 'from_port': None, 'to_port': None,
         'cidr': '%s/32' % member_ip}]
    # A deleted member is no source any more.
    member.destroy()
    assert objects.SecurityGroupRuleList.inbound_for_instance(
        ctx, target.uuid) == rules[:1]
    # Members of no group get nothing in.
    other, _ = _server(ctx, network, None, [])
    assert objects.SecurityGroupRuleList.inbound_for_instance(
        ctx, other.uuid) == []
