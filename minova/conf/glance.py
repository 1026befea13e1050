"""How minova reaches the image service (minova-image-api or a Glance)."""

from oslo_config import cfg

glance_group = cfg.OptGroup('glance', title='Image service options')

glance_opts = [
    cfg.ListOpt('api_servers', default=['http://127.0.0.1:9292'],
                help='Base URLs of the image service (without /v2). The '
                     'first one that answers is used.'),
    cfg.FloatOpt('timeout', default=10.0, min=0.1,
                 help='Seconds to wait for the image service on each HTTP '
                      'request before giving up with an error.'),
    cfg.IntOpt('num_retries', default=1, min=0,
               help='Further attempts, on the next server, when an image '
                    'service request fails to connect.'),
]


def register_opts(conf):
    conf.register_group(glance_group)
    conf.register_opts(glance_opts, group=glance_group)


def list_opts():
    return {glance_group.name: glance_opts}
