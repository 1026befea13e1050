"""Options of minova-scheduler: which filters and weighers pick a host."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')
filter_scheduler_group = cfg.OptGroup('filter_scheduler',
                                      title='Filter scheduler options')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts a build is tried on before it goes to ERROR '
                    '(the first try and the reschedules).'),
]

filter_scheduler_opts = [
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='The chosen host is picked at random among this many '
                    'best-weighed hosts, so that concurrent schedulers '
                    'rarely race for the same host.'),
    cfg.ListOpt('enabled_filters',
                default=['RetryFilter', 'AvailabilityZoneFilter',
                         'ComputeFilter', 'RamFilter', 'DiskFilter',
                         'CoreFilter', 'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                help='Filters a host must pass, in this order.'),
    cfg.ListOpt('weight_classes',
                default=['RAMWeigher', 'DiskWeigher',
                         'ServerGroupSoftAffinityWeigher',
                         'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers whose normalised, multiplied weights are '
                     'summed to rank the hosts that passed the filters.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Positive spreads by free RAM, negative stacks.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Positive spreads by free disk, negative stacks.'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='How strongly a soft-affinity group prefers hosts '
                      'that already run its members.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0,
                 min=0.0,
                 help='How strongly a soft-anti-affinity group avoids hosts '
                      'that already run its members.'),
    cfg.FloatOpt('instance_usage_max_age', default=5.0, min=0.0,
                 help='Seconds the scheduler keeps the usage it read from '
                      'the instance rows, adding its own picks to it, '
                      'before it reads them again (services and compute '
                      'nodes are read on every request). What it misses '
                      'meanwhile only frees room (deletes): a request the '
                      'kept usage cannot place is tried again on a fresh '
                      'read. 0 reads them on every request.'),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_scheduler_group)
    conf.register_opts(filter_scheduler_opts, group=filter_scheduler_group)


def list_opts():
    return {scheduler_group.name: scheduler_opts,
            filter_scheduler_group.name: filter_scheduler_opts}
