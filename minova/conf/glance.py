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
    cfg.IntOpt('stale_upload_age', default=3600, min=120,
               help='Seconds after which ``minova-manage audit`` takes an '
                    'image still queued or saving, not updated since (a '
                    'running upload touches its image every 30 s) and of '
                    'no instance still taking a snapshot, for an '
                    'interrupted snapshot or upload; ``--fix`` deletes '
                    'it, as Nova deletes the image of a failed snapshot.'),
]


def register_opts(conf):
    conf.register_group(glance_group)
    conf.register_opts(glance_opts, group=glance_group)


def list_opts():
    return {glance_group.name: glance_opts}
