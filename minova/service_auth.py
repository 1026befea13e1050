"""The keystoneauth1 auth of a call minova makes on a user's behalf.

As Nova does for Glance: the user's own token, and with ``[service_user]
send_service_user_token`` a token of minova's service user beside it in
``X-Service-Token`` (keystonemiddleware on the other side then accepts
the call even when the user's token expires in the middle of a long
operation). A context without a token (noauth2) gets no auth plugin: its
caller sends noauth headers instead.
"""

from keystoneauth1 import loading as ks_loading
from keystoneauth1 import plugin
from keystoneauth1 import service_token
from oslo_log import log as logging

import minova.conf

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

_SERVICE_AUTH = None


class UserTokenAuth(plugin.BaseAuthPlugin):
    """The token keystonemiddleware validated for this request."""

    def __init__(self, token):
        super().__init__()
        self._token = token

    def get_token(self, session, **kwargs):
        return self._token

    def get_endpoint(self, session, **kwargs):
        # Callers give whole URLs ([glance] api_servers).
        return None


def _service_auth():
    global _SERVICE_AUTH
    if _SERVICE_AUTH is None:
        minova.conf.service_user.register_auth_opts(CONF)
        _SERVICE_AUTH = ks_loading.load_auth_from_conf_options(
            CONF, minova.conf.service_user.GROUP)
    return _SERVICE_AUTH


def reset():
    global _SERVICE_AUTH
    _SERVICE_AUTH = None


def get_auth_plugin(context):
    """The auth for a call as ``context``'s user; None without a token."""
    token = getattr(context, 'auth_token', None)
    if not token:
        return None
    user_auth = UserTokenAuth(token)
    if not CONF.service_user.send_service_user_token:
        return user_auth
    service_auth = _service_auth()
    if service_auth is None:
        LOG.warning('[service_user] send_service_user_token is set but the '
                    'group has no auth_type: sending the user token alone')
        return user_auth
    return service_token.ServiceTokenAuthWrapper(user_auth=user_auth,
                                                 service_auth=service_auth)
