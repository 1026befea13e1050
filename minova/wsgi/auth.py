"""Who is calling a REST API: noauth test tokens, or keystone's headers.

Both APIs make the request's ``minova.context`` here. noauth (testing
only: anyone can claim any identity) reads ``X-Auth-Token: user:project``;
a token without a colon names the user, and the project comes from a
project header (or is the user). The keystone filter reads the headers
keystonemiddleware's auth_token has set. Each API subclasses them only to
say how its 401 looks and the few things Nova and Glance do differently.
"""

from oslo_middleware import base
import webob.dec

from minova import context

AUTH_REQUIRED = 'Authentication required'


def header_roles(req):
    """``X-Roles`` as lower-case names."""
    return [role.strip().lower() for role in
            req.headers.get('X-Roles', '').split(',') if role.strip()]


def global_request_id(req):
    """The caller's ``X-OpenStack-Request-ID`` when it is well formed."""
    value = req.headers.get('X-OpenStack-Request-ID')
    if value and value.startswith('req-') and len(value) == 40:
        return value
    return None


def make_context(req, roles, **identity):
    return context.RequestContext(
        roles=roles, is_admin='admin' in roles,
        remote_address=req.remote_addr,
        request_id=req.environ.get('openstack.request_id'),
        global_request_id=global_request_id(req), **identity)


class ContextMiddleware(base.ConfigurableMiddleware):
    """Sets ``minova.context`` from ``identity(req)``, or answers 401."""

    #: Paths answered without a token (version discovery).
    public_paths = ()
    refusal = AUTH_REQUIRED

    def identity(self, req):
        """The context's keyword arguments, or None: not authenticated."""
        raise NotImplementedError

    def error_response(self, code, message, req):
        raise NotImplementedError

    @webob.dec.wsgify
    def __call__(self, req):
        if req.path_info in self.public_paths:
            return self.application
        identity = self.identity(req)
        if identity is None:
            return self.error_response(401, self.refusal, req)
        req.environ['minova.context'] = make_context(req, **identity)
        return self.application


class NoAuth(ContextMiddleware):
    #: Where a raw token (no ``:project``) finds its project.
    project_headers = ('X-Auth-Project-Id',)
    refusal = ('Authentication required: send X-Auth-Token '
               '(user:project with noauth).')

    def roles(self, req, user_id):
        """Nova's noauth2: the user named admin is the administrator."""
        if user_id == 'admin':
            return ['admin', 'member', 'reader']
        return ['member', 'reader']

    def identity(self, req):
        token = req.headers.get('X-Auth-Token')
        if not token:
            return None
        user_id, _sep, project_id = token.partition(':')
        if not project_id:
            project_id = next((req.headers[name] for name in
                               self.project_headers
                               if req.headers.get(name)), user_id)
        return {'user_id': user_id, 'project_id': project_id,
                'roles': self.roles(req, user_id)}


class KeystoneContext(ContextMiddleware):
    """The context from the headers auth_token has set."""

    project_required = True

    def identity(self, req):
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed':
            return None
        user_id = req.headers.get('X-User-Id')
        project_id = req.headers.get('X-Project-Id')
        if not user_id or (self.project_required and not project_id):
            return None
        return {'user_id': user_id, 'project_id': project_id,
                'roles': header_roles(req),
                'user_name': req.headers.get('X-User-Name'),
                'project_name': req.headers.get('X-Project-Name'),
                'auth_token': req.headers.get('X-Auth-Token')}
