"""Options every minova service shares: identity, liveness, periodic work."""

import socket

from oslo_config import cfg

service_opts = [
    cfg.StrOpt('host',
               default=socket.gethostname(),
               sample_default='<current_hostname>',
               help='Name of this node. Compute services listen on the '
                    '``compute`` topic with this name as their server, so '
                    'it must be unique among compute hosts.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between two heartbeats of a service in the '
                    '``services`` table.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='A service whose last heartbeat is older than this many '
                    'seconds is reported as down and not scheduled to.'),
    cfg.IntOpt('periodic_interval', default=60, min=1,
               help='Seconds between runs of periodic tasks such as the '
                    'compute resource report.'),
]


def register_opts(conf):
    conf.register_opts(service_opts)


def list_opts():
    return {'DEFAULT': service_opts}
