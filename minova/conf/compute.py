"""Options of minova-compute and of the resources it offers."""

from oslo_config import cfg

from minova.conf import paths

compute_opts = [
    cfg.StrOpt('compute_driver', default='fake.FakeDriver',
               help='Virt driver, relative to ``minova.virt``: '
                    '``fake.FakeDriver`` or ``libvirt.LibvirtDriver``.'),
    cfg.IntOpt('max_concurrent_builds', default=10, min=0,
               help='Builds one compute host runs at once; 0 is unlimited.'),
    cfg.StrOpt('firewall_driver', default='iptables',
               choices=[('iptables', 'per-instance filters on each guest '
                         'tap: nftables bridge anti-spoofing and an iptables '
                         'inbound chain from its security groups'),
                        ('noop', 'no filtering (security groups are not '
                         'enforced)')],
               help='How the libvirt driver enforces security groups on '
                    'this compute host (nova-network style).'),
    cfg.StrOpt('instances_path', default=paths.state_path_def('instances'),
               help='Where instance files live on a compute host.'),
    cfg.StrOpt('instance_name_template', default='instance-%08x',
               help='Template for the hypervisor name of an instance, '
                    'formatted with the instance id.'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Availability zone of compute hosts.'),
    cfg.StrOpt('default_schedule_zone',
               help='Availability zone given to servers that ask for none. '
                    'Empty means any zone.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='MiB of host memory kept back for the host itself.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help='MiB of host disk kept back for the host itself.'),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help='Host CPUs kept back for the host itself.'),
    cfg.FloatOpt('cpu_allocation_ratio', default=16.0, min=0.0,
                 help='Virtual CPUs per physical CPU.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.5, min=0.0,
                 help='Virtual RAM per physical RAM.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk per physical disk.'),
    cfg.IntOpt('update_resources_interval', default=30, min=1,
               help='Seconds between two reports of this host\'s capacity '
                    'and usage to ``compute_nodes``.'),
    cfg.IntOpt('sync_power_state_interval', default=60, min=-1,
               help='Seconds between checks that the hypervisor\'s power '
                    'state matches the database; -1 disables them.'),
    cfg.IntOpt('shelved_offload_time', default=0, min=-1,
               help='Seconds a shelved server keeps its host before it is '
                    'offloaded; 0 offloads at once, -1 never.'),
    cfg.IntOpt('shelved_poll_interval', default=3600, min=-1,
               help='Seconds between checks for shelved servers to '
                    'offload; -1 disables them.'),
    cfg.StrOpt('rescue_image_id',
               help='Image a rescue boots when the request names none; '
                    'empty: the server\'s own image (Nova\'s '
                    '[libvirt] rescue_image_id).'),
    cfg.StrOpt('running_deleted_instance_action', default='reap',
               choices=[('reap', 'destroy the guest and its files, then '
                                 'free its addresses'),
                        ('log', 'only log it; its addresses stay taken'),
                        ('noop', 'do nothing')],
               help='What this host does with the guest of an instance '
                    'deleted while the host was down (a local delete). '
                    'The addresses of such an instance are freed only '
                    'once its guest is gone.'),
    cfg.IntOpt('running_deleted_instance_poll_interval', default=1800,
               help='Seconds between two looks for guests of deleted '
                    'instances (also done at start); 0 or less turns the '
                    'periodic look off.'),
    cfg.IntOpt('running_deleted_instance_timeout', default=0, min=0,
               help='Seconds an instance must have been deleted before '
                    'its guest is acted on.'),
    cfg.IntOpt('orphan_reap_interval', default=600,
               help='Seconds between two looks for guests and instance '
                    'directories of this host that match no instance '
                    '(made behind minova\'s back, or left by a crash); 0 '
                    'or less turns it off.'),
    cfg.IntOpt('orphan_grace_period', default=900, min=0,
               help='Seconds an orphaned guest or instance directory must '
                    'have been seen before it is destroyed (a build that '
                    'is just starting is never taken for one).'),
    cfg.IntOpt('reclaim_instance_interval', default=0, min=0,
               help='Seconds a deleted server is kept (SOFT_DELETED, '
                    'restorable) before its host reclaims it; also how '
                    'often the host looks. 0 deletes at once.'),
]


def register_opts(conf):
    conf.register_opts(compute_opts)


def list_opts():
    return {'DEFAULT': compute_opts}
