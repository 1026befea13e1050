"""Who is calling: the noauth2 test strategy, or keystone's headers.

noauth2 (as in Nova): ``X-Auth-Token: user:project``; a token without a
colon names the user, and the project comes from ``X-Auth-Project-Id`` (or
is the user). The user ``admin`` is an administrator. Never for
production: anyone can claim any identity.
"""

import webob.dec
import webob.exc

from minova.api.openstack import faults
from minova import context


class NoAuthMiddleware:
    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    @webob.dec.wsgify
    def __call__(self, req):
        token = req.headers.get('X-Auth-Token')
        if not token:
            return faults.error_response(
                401, 'Authentication required: send X-Auth-Token '
                     '(user:project with noauth2).')
        user_id, _sep, project_id = token.partition(':')
        if not project_id:
            project_id = req.headers.get('X-Auth-Project-Id') or user_id
        is_admin = user_id == 'admin'
        roles = ['admin', 'member', 'reader'] if is_admin else \
            ['member', 'reader']
        req.environ['minova.context'] = _context(
            req, user_id=user_id, project_id=project_id, is_admin=is_admin,
            roles=roles)
        return self.application


class KeystoneContext:
    """Builds the context from the headers keystonemiddleware sets."""

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    @webob.dec.wsgify
    def __call__(self, req):
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed':
            return faults.error_response(401, 'Authentication required')
        user_id = req.headers.get('X-User-Id')
        project_id = req.headers.get('X-Project-Id')
        if not user_id or not project_id:
            return faults.error_response(401, 'Authentication required')
        roles = [r.strip().lower() for r in
                 req.headers.get('X-Roles', '').split(',') if r.strip()]
        req.environ['minova.context'] = _context(
            req, user_id=user_id, project_id=project_id,
            is_admin='admin' in roles, roles=roles,
            user_name=req.headers.get('X-User-Name'),
            project_name=req.headers.get('X-Project-Name'),
            auth_token=req.headers.get('X-Auth-Token'),
            # a system-scoped token: refused by the project-scoped rules
            system_scope=req.headers.get('OpenStack-System-Scope'))
        return self.application


def _context(req, **identity):
    """The request's context, carrying our request id and the caller's
    global one (X-OpenStack-Request-ID) when it is well formed."""
    global_id = req.headers.get('X-OpenStack-Request-ID')
    if not (global_id and global_id.startswith('req-') and
            len(global_id) == 40):
        global_id = None
    return context.RequestContext(
        remote_address=req.remote_addr,
        request_id=req.environ.get('openstack.request_id'),
        global_request_id=global_id, **identity)


def pipeline_factory(loader, global_conf, **local_conf):
    """Pick the pipeline named after [api] auth_strategy."""
    import minova.conf
    pipeline = local_conf[minova.conf.CONF.api.auth_strategy].split()
    filters = [loader.get_filter(name) for name in pipeline[:-1]]
    app = loader.get_app(pipeline[-1])
    for filter_ in reversed(filters):
        app = filter_(app)
    return app
