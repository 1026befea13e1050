"""Nova's error bodies, and the middleware that turns exceptions into them.

Every error leaves the API as ``{"<name>": {"code": N, "message": "..."}}``
where the name follows from the status code alone. Controllers raise
``minova.exception`` classes (or webob HTTP errors); nothing else maps
exceptions to HTTP.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob.dec
import webob.exc

from minova import exception

LOG = logging.getLogger(__name__)

FAULT_NAMES = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
               404: 'itemNotFound', 405: 'badMethod',
               406: 'notAcceptable', 409: 'conflictingRequest',
               413: 'overLimit', 415: 'badMediaType', 429: 'overLimit',
               501: 'notImplemented', 503: 'serviceUnavailable'}

MICROVERSION_HEADERS = ('OpenStack-API-Version', 'X-OpenStack-Nova-API-Version')

# Headers of an HTTP error that mean something to the client.
_KEPT_HEADERS = ('allow', 'retry-after', 'location')


def error_response(code, message, request=None, headers=None):
    name = FAULT_NAMES.get(code, 'computeFault')
    body = {name: {'code': code, 'message': message}}
    response = webob.Response(status=code, content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(body)
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    if request is not None:
        _add_version_headers(request, response)
    return response


def _add_version_headers(request, response):
    version = request.environ.get('minova.api_version')
    if version is None or request.environ.get('minova.legacy_v2'):
        return
    response.headers['OpenStack-API-Version'] = 'compute %s' % version
    response.headers['X-OpenStack-Nova-API-Version'] = str(version)
    response.headers['Vary'] = ', '.join(MICROVERSION_HEADERS)


def from_exception(error, request=None):
    if isinstance(error, exception.MinovaException):
        code = error.code
        message = error.format_message()
        headers = getattr(error, 'headers', None)
    elif isinstance(error, webob.exc.HTTPException):
        code = error.status_int
        message = error.explanation or error.detail or error.title
        headers = {k: v for k, v in error.headers.items()
                   if k.lower() in _KEPT_HEADERS}
    else:
        code, message, headers = 500, None, None
    if code >= 500:
        LOG.error('API request failed with %s: %s', code, error,
                  exc_info=error)
        if message is None or not getattr(error, 'safe', True):
            message = ('Unexpected API Error. Please report this at the '
                       'minova issue tracker and attach the minova API log '
                       'if possible.\n%s' % type(error))
    else:
        LOG.info('HTTP exception thrown: %s', message)
    return error_response(code, message, request, headers)


class FaultWrapper:
    """paste filter: any exception below becomes a Nova-shaped error."""

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            response = req.get_response(self.application)
        except Exception as error:  # noqa: the one place errors turn to HTTP
            return from_exception(error, req)
        if response.status_int >= 400 and \
                response.content_type != 'application/json':
            # An error webob made below us (e.g. an unknown route).
            message = response.text.strip().split('\n')[-1] or \
                response.status
            return error_response(response.status_int, message, req,
                                  {k: v for k, v in response.headers.items()
                                   if k.lower() in _KEPT_HEADERS})
        return response
