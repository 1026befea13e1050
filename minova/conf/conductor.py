"""Options of minova-conductor."""

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='Conductor options')

conductor_opts = [
    cfg.StrOpt('topic', default='conductor',
               help='RPC topic the conductor listens on.'),
    cfg.IntOpt('instance_build_timeout', default=3600, min=0,
               help='Seconds a build may go without any progress before '
                    'the conductor puts the instance in ERROR (its build '
                    'message was lost, or its host died). 0 disables the '
                    'check.'),
    cfg.IntOpt('stale_build_check_interval', default=60, min=1,
               help='Seconds between two checks for stale builds.'),
]


def register_opts(conf):
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts():
    return {conductor_group.name: conductor_opts}
