"""Options of the metadata service (minova-metadata-api) and of the
per-network proxies minova-network runs in the networks' namespaces."""

from oslo_config import cfg

from minova.conf import paths

metadata_group = cfg.OptGroup('metadata', title='Metadata service options')

metadata_opts = [
    cfg.StrOpt('listen', default='127.0.0.1',
               help='Address minova-metadata-api listens on for signed '
                    'requests (X-Instance-ID + X-Instance-ID-Signature).'),
    cfg.PortOpt('listen_port', default=8775,
                help='Port of ``listen``.'),
    cfg.StrOpt('socket_path', default=paths.state_path_def('metadata.sock'),
               help='Unix socket minova-metadata-api also listens on (mode '
                    '0600): the networks\' proxies connect to it and name '
                    'the asking guest by network and fixed IP.'),
    cfg.StrOpt('metadata_proxy_shared_secret', secret=True, default='',
               help='Shared secret of X-Instance-ID-Signature (HMAC-SHA256 '
                    'of the instance id), as Neutron\'s proxy signs. Empty: '
                    'signed requests are refused.'),
    cfg.BoolOpt('proxy_enabled', default=False,
                help='minova-network runs a metadata proxy in each '
                     'network\'s namespace and redirects guests\' '
                     '169.254.169.254:80 to it.'),
    cfg.PortOpt('proxy_port', default=8775,
                help='Port of the proxy inside a network\'s namespace.'),
]


def register_opts(conf):
    conf.register_group(metadata_group)
    conf.register_opts(metadata_opts, group=metadata_group)


def list_opts():
    return {metadata_group.name: metadata_opts}
