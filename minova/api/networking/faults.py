"""Neutron's error body, ``{"NeutronError": {"type", "message",
"detail"}}``, for the same exception-to-HTTP mapping as the compute API
(``minova.wsgi.faults``)."""

from oslo_serialization import jsonutils
import webob

from minova.wsgi import auth
from minova.wsgi import faults as wsgi_faults

# The type Neutron names for an error that is not one of its own.
HTTP_TYPES = {400: 'HTTPBadRequest', 401: 'HTTPUnauthorized',
              403: 'HTTPForbidden', 404: 'HTTPNotFound',
              405: 'HTTPMethodNotAllowed', 409: 'HTTPConflict',
              413: 'HTTPRequestEntityTooLarge',
              415: 'HTTPUnsupportedMediaType', 503: 'HTTPServiceUnavailable'}
_TYPE_KEY = 'minova.networking.error_type'
# minova's generic classes say no more than the status code does.
_GENERIC = ('MinovaException', 'Invalid', 'ValidationError', 'NotFound',
            'Forbidden', 'MethodNotAllowed')


def error_response(code, message, request=None, headers=None):
    error_type = None
    if request is not None:
        error_type = request.environ.get(_TYPE_KEY)
    body = {'NeutronError': {
        'type': error_type or HTTP_TYPES.get(code, 'HTTPInternalServerError'),
        'message': message, 'detail': ''}}
    response = webob.Response(status=code, content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(body)
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    return response


class FaultWrapper(wsgi_faults.FaultWrapper):
    """paste filter: any exception below becomes a NeutronError."""

    convert_foreign_errors = True

    def from_exception(self, error, req=None):
        # minova's exception names are Neutron's where both have one
        # (SecurityGroupNotFound, FloatingIpNotFound...).
        name = type(error).__name__
        if req is not None and name not in _GENERIC and \
                not isinstance(error, webob.exc.HTTPException):
            req.environ[_TYPE_KEY] = name
        return super().from_exception(error, req)

    def render(self, code, message, request, headers):
        if code >= 500:
            request.environ.pop(_TYPE_KEY, None)
        return error_response(code, message, request, headers)


class _NeutronErrors:
    def error_response(self, code, message, req):
        return error_response(code, message, req)


class NoAuthMiddleware(_NeutronErrors, auth.NoAuth):
    refusal = ('Authentication required: send X-Auth-Token '
               '(user:project with noauth2).')


class KeystoneContext(_NeutronErrors, auth.KeystoneContext):
    """The context from the headers keystonemiddleware sets."""
