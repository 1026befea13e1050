"""Options of the Prometheus metrics every service can serve (off by
default): request rate and latency of the REST APIs, RPC calls and casts,
build outcomes. See minova/metrics/."""

from oslo_config import cfg

metrics_group = cfg.OptGroup('metrics', title='Prometheus metrics')

# One port per service, so that all of them can run on one machine.
DEFAULT_PORTS = {
    'minova-api': 9781,
    'minova-conductor': 9782,
    'minova-scheduler': 9783,
    'minova-compute': 9784,
    'minova-network': 9785,
    'minova-image-api': 9786,
    'minova-metadata-api': 9787,
}

metrics_opts = [
    cfg.BoolOpt('enabled', default=False,
                help='Serve Prometheus metrics (text format, '
                     'GET /metrics) on a local port. Needs the '
                     'prometheus_client library.'),
    cfg.HostAddressOpt('host', default='127.0.0.1',
                       help='Address the metrics are served on. The '
                            'metrics need no token: keep it local or '
                            'behind a firewall.'),
    cfg.DictOpt('service_ports',
                default={name: str(port)
                         for name, port in DEFAULT_PORTS.items()},
                help='Port of each service (binary:port, comma '
                     'separated). A service not named here uses '
                     '``port``.'),
    cfg.PortOpt('port', default=0,
                help='Port of a service not named in ``service_ports`` '
                     '(a second compute on one machine: set it in that '
                     'compute\'s own configuration file). 0: any free '
                     'port, logged when the service starts.'),
]


def register_opts(conf):
    conf.register_group(metrics_group)
    conf.register_opts(metrics_opts, group=metrics_group)


def list_opts():
    return {metrics_group.name: metrics_opts}
