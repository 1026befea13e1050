"""Who is calling the compute API: noauth2, or keystone's headers.

noauth2 (as in Nova): ``X-Auth-Token: user:project``; a token without a
colon names the user, and the project comes from ``X-Auth-Project-Id`` (or
is the user). The user ``admin`` is an administrator. Never for
production: anyone can claim any identity. The context is made by
``minova.wsgi.auth``, shared with the image API; this module gives the
401s Nova's body.
"""

from minova.api.openstack import faults
from minova.wsgi import auth


class _NovaErrors:
    def error_response(self, code, message, req):
        return faults.error_response(code, message, req)


class NoAuthMiddleware(_NovaErrors, auth.NoAuth):
    refusal = ('Authentication required: send X-Auth-Token '
               '(user:project with noauth2).')


class KeystoneContext(_NovaErrors, auth.KeystoneContext):
    """Builds the context from the headers keystonemiddleware sets."""


def pipeline_factory(loader, global_conf, **local_conf):
    """Pick the pipeline named after [api] auth_strategy."""
    import minova.conf
    pipeline = local_conf[minova.conf.CONF.api.auth_strategy].split()
    filters = [loader.get_filter(name) for name in pipeline[:-1]]
    app = loader.get_app(pipeline[-1])
    for filter_ in reversed(filters):
        app = filter_(app)
    return app
