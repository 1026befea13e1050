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
strategy: clients read it before they authenticate.
"""

import webob.dec

from minova import context
from minova.image_api import errors

PUBLIC_PATHS = ('', '/', '/versions')


def _roles(req):
    roles = req.headers.get('X-Roles', '').split(',')
    return [role.strip().lower() for role in roles if role.strip()]


def _global_request_id(req):
    value = req.headers.get('X-OpenStack-Request-ID')
    return value if value and value.startswith('req-') and \
        len(value) == 40 else None


def _make_context(req, user_id, project_id, roles, **kwargs):
    return context.RequestContext(
        user_id=user_id, project_id=project_id, is_admin='admin' in roles,
        roles=roles, remote_address=req.remote_addr,
        request_id=req.environ.get('openstack.request_id'),
        global_request_id=_global_request_id(req), **kwargs)


class NoAuth:
    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        if req.path_info in PUBLIC_PATHS:
            return self.application
        token = req.headers.get('X-Auth-Token')
        if not token:
            return errors.error_response(
                401, 'Authentication required: send X-Auth-Token '
                     '(user:project with noauth).', req)
        user_id, _sep, project_id = token.partition(':')
        if not project_id:
            project_id = (req.headers.get('X-Project-Id') or
                          req.headers.get('X-Auth-Project-Id') or user_id)
        roles = _roles(req) or ['member', 'reader']
        if user_id == 'admin' and 'admin' not in roles:
            roles.append('admin')
        req.environ['minova.context'] = _make_context(
            req, user_id, project_id, roles)
        return self.application


class KeystoneContext:
    """Builds the context from the headers auth_token has set."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        if req.path_info in PUBLIC_PATHS:
            return self.application
        user_id = req.headers.get('X-User-Id')
        project_id = req.headers.get('X-Project-Id')
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed' \
                or not user_id:
            return errors.error_response(401, 'Authentication required',
                                         req)
        req.environ['minova.context'] = _make_context(
            req, user_id, project_id, _roles(req),
            user_name=req.headers.get('X-User-Name'),
            project_name=req.headers.get('X-Project-Name'),
            auth_token=req.headers.get('X-Auth-Token'),
            # a system-scoped token: refused by the project-scoped rules
            system_scope=req.headers.get('OpenStack-System-Scope'))
        return self.application


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
