"""Per-project quota defaults (counted from the database, as Nova does)."""

from oslo_config import cfg

quota_group = cfg.OptGroup('quota', title='Quota options')

quota_opts = [
    cfg.IntOpt('instances', default=10, min=-1,
               help='Servers per project; -1 is unlimited.'),
    cfg.IntOpt('cores', default=20, min=-1,
               help='vCPUs per project; -1 is unlimited.'),
    cfg.IntOpt('ram', default=50 * 1024, min=-1,
               help='MiB of RAM per project; -1 is unlimited.'),
    cfg.IntOpt('metadata_items', default=128, min=-1,
               help='Metadata items per server.'),
    cfg.IntOpt('key_pairs', default=100, min=-1,
               help='Key pairs per user.'),
    cfg.IntOpt('server_groups', default=10, min=-1,
               help='Server groups per project.'),
    cfg.IntOpt('server_group_members', default=10, min=-1,
               help='Servers per server group.'),
    cfg.IntOpt('security_groups', default=10, min=-1,
               help='Security groups per project (nova-network).'),
    cfg.IntOpt('security_group_rules', default=20, min=-1,
               help='Rules per security group (nova-network).'),
    cfg.IntOpt('floating_ips', default=10, min=-1,
               help='Floating IPs allocated to a project (nova-network).'),
    cfg.BoolOpt('recheck_quota', default=True,
                help='Count usage again after writing new instance rows and '
                     'undo the request if racing requests went over quota.'),
]


def register_opts(conf):
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts():
    return {quota_group.name: quota_opts}
