"""Options of the image service (minova-image-api)."""

from oslo_config import cfg

from minova.conf import paths

image_api_group = cfg.OptGroup('image_api', title='Image API service options')

image_api_opts = [
    cfg.HostAddressOpt('bind_host', default='127.0.0.1',
                       help='Address the image API listens on.'),
    cfg.PortOpt('bind_port', default=9292,
                help='Port the image API listens on (Glance uses 9292).'),
    cfg.StrOpt('store_path', default=paths.state_path_def('images'),
               help='Directory that holds the image files, one file per '
                    'image named after its id.'),
    cfg.StrOpt('auth_strategy', default='noauth',
               choices=[('noauth', 'Tokens are "user:project" strings; the '
                         '"admin" user or the admin role is an '
                         'administrator. For testing only.'),
                        ('keystone', 'Validate tokens with keystone through '
                         'keystonemiddleware auth_token, configured in '
                         '[keystone_authtoken].')],
               help='How the image API authenticates requests.'),
    cfg.IntOpt('max_property_count', default=128, min=0,
               help='Most free-form properties one image may carry '
                    "(Glance's image_property_quota)."),
    cfg.IntOpt('max_property_name_length', default=255, min=1,
               help='Longest property name, in characters.'),
    cfg.IntOpt('max_property_value_length', default=65535, min=1,
               help='Longest property value, in UTF-8 bytes (what a TEXT '
                    'column holds on MySQL).'),
    cfg.IntOpt('max_tag_count', default=128, min=0,
               help='Most tags one image may carry.'),
    cfg.IntOpt('max_image_size', default=1024 ** 4, min=1,
               help="Largest image file accepted, in bytes (Glance's "
                    'image_size_cap). Uploads past it are refused and the '
                    'image is killed.'),
    cfg.IntOpt('chunk_size', default=64 * 1024, min=4096,
               help='Bytes read or written at a time when streaming image '
                    'data; the memory one transfer holds.'),
    cfg.IntOpt('limit_param_default', default=25, min=1,
               help='Images per page when a list request gives no limit.'),
    cfg.IntOpt('api_limit_max', default=1000, min=1,
               help='Largest page a list request may ask for.'),
    cfg.IntOpt('workers_pool_size', default=100, min=1,
               help='Green threads serving requests at once.'),
]


def register_opts(conf):
    conf.register_group(image_api_group)
    conf.register_opts(image_api_opts, group=image_api_group)


def list_opts():
    return {image_api_group.name: image_api_opts}
