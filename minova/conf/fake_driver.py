"""Options of the fake virt driver, which tests use instead of libvirt."""

from oslo_config import cfg

fake_group = cfg.OptGroup('fake_driver', title='Fake virt driver options')

fake_opts = [
    cfg.IntOpt('vcpus', default=8, min=1,
               help='Host CPUs the fake hypervisor reports.'),
    cfg.IntOpt('memory_mb', default=16384, min=1,
               help='Host memory in MiB the fake hypervisor reports.'),
    cfg.IntOpt('local_gb', default=500, min=1,
               help='Local disk in GiB the fake hypervisor reports.'),
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds each spawn takes.'),
    cfg.FloatOpt('migrate_delay', default=0.0, min=0.0,
                 help='Seconds the source step of each resize or cold '
                      'migration takes, before the guest is powered off '
                      '(fault-injection tests catch the compute in '
                      'resize_migrating).'),
    cfg.ListOpt('fail_spawn_for_names', default=[],
                help='Spawns of servers with one of these names fail on '
                     'this host (a reschedulable error).'),
    cfg.BoolOpt('fail_all_spawns', default=False,
                help='Every spawn on this host fails.'),
    cfg.StrOpt('state_file',
               help='A JSON file the fake hypervisor keeps its guests in, '
                    'so that they outlive the compute process as real '
                    'guests do (fault-injection tests). Empty: in memory '
                    'only.'),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group.name: fake_opts}
