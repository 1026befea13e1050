"""Options of the moves of a server between hosts: resize, cold
migration and evacuation ([DEFAULT], as in Nova)."""

from oslo_config import cfg

move_opts = [
    cfg.IntOpt('resize_confirm_window', default=0, min=0,
               help='Seconds after which a finished resize or cold '
                    'migration (VERIFY_RESIZE) is confirmed by the '
                    'destination compute host; 0 never confirms '
                    'automatically.'),
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help='Let the scheduler pick the host a server is on as '
                     'the destination of its resize (not of a cold '
                     'migration).'),
    cfg.IntOpt('migration_chunk_kb', default=4096, min=64,
               help='Size of one piece of a disk the destination host '
                    'reads from the source host over the compute RPC '
                    'during a resize or cold migration (see '
                    'doc/moves.md).'),
]


def register_opts(conf):
    conf.register_opts(move_opts)


def list_opts():
    return {'DEFAULT': move_opts}
