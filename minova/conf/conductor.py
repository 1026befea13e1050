"""Options of minova-conductor."""

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='Conductor options')

conductor_opts = [
    cfg.StrOpt('topic', default='conductor',
               help='RPC topic the conductor listens on.'),
    cfg.IntOpt('instance_build_timeout', default=3600, min=0,
               help='Seconds a build may go without any progress before '
                    'the conductor puts the instance in ERROR with a fault '
                    '(its build message was lost, or its host died). 0 '
                    'disables the check for builds.'),
    cfg.IntOpt('instance_reboot_timeout', default=900, min=0,
               help='Seconds a reboot (any rebooting* task state) may go '
                    'without progress before the conductor clears the '
                    'task state, with a fault. 0 disables it.'),
    cfg.IntOpt('instance_power_timeout', default=900, min=0,
               help='Seconds a stop or start (powering-off, powering-on) '
                    'may go without progress before the conductor clears '
                    'the task state, with a fault. 0 disables it.'),
    cfg.IntOpt('instance_delete_timeout', default=900, min=0,
               help='Seconds a delete may go without progress before the '
                    'conductor finishes it in the database, with a fault; '
                    'the guest keeps its addresses until its host reaps '
                    'it. 0 disables it.'),
    cfg.IntOpt('instance_task_timeout', default=3600, min=0,
               help='Seconds any other task state may go without progress '
                    'before the conductor clears it, with a fault; the '
                    'time-out of every kind in compute/task_rules.py that '
                    'has no option of its own. 0 disables it.'),
    cfg.IntOpt('stale_task_check_interval', default=60, min=1,
               deprecated_name='stale_build_check_interval',
               help='Seconds between two checks for instances stuck in a '
                    'task state.'),
]


def register_opts(conf):
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts():
    return {conductor_group.name: conductor_opts}
