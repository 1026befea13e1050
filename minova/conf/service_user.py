"""The service user ([service_user]): who minova is when it calls another
service on a user's behalf.

As in Nova: with ``send_service_user_token`` the calls to the image API
carry the user's token and, in ``X-Service-Token``, one of this user, so
the image API (keystonemiddleware) accepts the call even when the user's
token expires during a long operation. Its auth and session options are
keystoneauth1's (``auth_type = password``, ``auth_url``, ``username``...).
They are registered by ``register_auth_opts``, which minova.service_auth
calls before it reads them: keystoneauth1 brings requests along (6 MB),
which a service that never calls the image API does not import at all
(issue 15). oslo.config keeps the file's values of a group until its
options are registered.
"""

from oslo_config import cfg

GROUP = 'service_user'
service_user_group = cfg.OptGroup(
    GROUP, title='Service user options',
    help='The keystone user minova sends service tokens as.')

service_user_opts = [
    cfg.BoolOpt('send_service_user_token', default=False,
                help='Send a service token of this user beside the '
                     "user's token on calls to the image API. Needs the "
                     'auth options of this group.'),
]


def register_opts(conf):
    conf.register_group(service_user_group)
    conf.register_opts(service_user_opts, group=service_user_group)


def register_auth_opts(conf):
    """keystoneauth1's session and auth options of the group."""
    from keystoneauth1 import loading as ks_loading
    ks_loading.register_session_conf_options(conf, GROUP)
    ks_loading.register_auth_conf_options(conf, GROUP)


def list_opts():
    from keystoneauth1 import loading as ks_loading
    return {GROUP: (service_user_opts +
                    ks_loading.get_session_conf_options() +
                    ks_loading.get_auth_common_conf_options() +
                    ks_loading.get_auth_plugin_conf_options('password'))}
