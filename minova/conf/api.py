"""Options of the compute REST API service (minova-api)."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt('auth_strategy', default='noauth2',
               choices=[('noauth2', 'Tokens are "user:project" strings; '
                         'the "admin" user is an administrator. For '
                         'testing only.'),
                        ('keystone', 'Validate tokens with keystone through '
                         'keystonemiddleware auth_token.')],
               help='How the API authenticates requests.'),
    cfg.IntOpt('max_limit', default=1000, min=1,
               help='Largest number of items one collection request '
                    'returns; larger ``limit`` values are cut to this.'),
    cfg.StrOpt('compute_link_prefix',
               help='Base URL for the links in API responses, when minova '
                    'sits behind a proxy that rewrites URLs.'),
]

wsgi_opts = [
    cfg.HostAddressOpt('osapi_compute_listen', default='127.0.0.1',
                       help='Address the compute API listens on.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port the compute API listens on.'),
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='The paste.deploy file that builds the API pipeline; '
                    'searched next to the config files when relative.'),
    cfg.IntOpt('wsgi_default_pool_size', default=100, min=1,
               help='Green threads serving API requests at once.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)
    conf.register_opts(wsgi_opts)


def list_opts():
    return {api_group.name: api_opts, 'DEFAULT': wsgi_opts}
