"""Who is calling the image API: noauth tokens, or keystone's headers.

noauth (testing only, anyone can claim any identity): ``X-Auth-Token:
user:project``; a token without a colon names the user and the project
comes from ``X-Project-Id`` / ``X-Auth-Project-Id`` (or is the user). The
user ``admin``, or a request with the ``admin`` role in ``X-Roles``, is an
administrator.

keystone: keystonemiddleware's auth_token validates the token
(``[keystone_authtoken]``) and sets the X-User-Id/X-Project-Id/X-Roles
headers the context is made from.

Version discovery (``/`` and ``/versions``) needs no token in either
strategy: clients read it before they authenticate. The context is made
by ``minova.wsgi.auth``, shared with the compute API.
"""

from minova.image_api import errors
from minova.wsgi import auth

PUBLIC_PATHS = ('', '/', '/versions')


class _GlanceErrors:
    public_paths = PUBLIC_PATHS

    def error_response(self, code, message, req):
        return errors.error_response(code, message, req)


class NoAuth(_GlanceErrors, auth.NoAuth):
    project_headers = ('X-Project-Id', 'X-Auth-Project-Id')

    def roles(self, req, user_id):
        """X-Roles when sent; the user named admin is always an admin."""
        roles = auth.header_roles(req) or ['member', 'reader']
        if user_id == 'admin' and 'admin' not in roles:
            roles.append('admin')
        return roles


class KeystoneContext(_GlanceErrors, auth.KeystoneContext):
    """Builds the context from the headers auth_token has set."""

    project_required = False


def _keystone_auth_protocol(app, conf):
    """auth_token, except for version discovery (as Placement does it).

    keystonemiddleware is imported only here: it costs ~18 MB of memory
    that a noauth deployment need not pay.
    """
    from keystonemiddleware import auth_token

    class KeystoneAuthProtocol(auth_token.AuthProtocol):
        def __call__(self, environ, start_response):
            if environ.get('PATH_INFO', '') in PUBLIC_PATHS:
                return self._app(environ, start_response)
            return super().__call__(environ, start_response)

    return KeystoneAuthProtocol(app, {'oslo_config_config': conf})


def pipeline(app, conf):
    """Wrap ``app`` in the middleware of ``[image_api] auth_strategy``."""
    if conf.image_api.auth_strategy == 'keystone':
        return _keystone_auth_protocol(KeystoneContext(app), conf)
    return NoAuth(app)
