"""Where minova keeps its state on disk."""

import os

from oslo_config import cfg

path_opts = [
    cfg.StrOpt('state_path',
               default='/var/lib/minova',
               help='Top-level directory for minova state: the SQLite '
                    'database by default, instance files, image files.'),
]


def state_path_def(*parts):
    """A default path under ``state_path`` (expanded when read)."""
    return os.path.join('$state_path', *parts)


def register_opts(conf):
    conf.register_opts(path_opts)


def list_opts():
    return {'DEFAULT': path_opts}
