"""Nova's error bodies, and the middleware that turns exceptions into them.

Every error leaves the API as ``{"<name>": {"code": N, "message": "..."}}``
where the name follows from the status code alone. Controllers raise
``minova.exception`` classes (or webob HTTP errors); nothing else maps
exceptions to HTTP: the mapping itself is ``minova.wsgi.faults``, shared
with the image API; this module says how Nova's body looks.
"""

from oslo_serialization import jsonutils
import webob

from minova.wsgi import faults as wsgi_faults

FAULT_NAMES = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
               404: 'itemNotFound', 405: 'badMethod',
               406: 'notAcceptable', 409: 'conflictingRequest',
               413: 'overLimit', 415: 'badMediaType', 429: 'overLimit',
               501: 'notImplemented', 503: 'serviceUnavailable'}

MICROVERSION_HEADERS = ('OpenStack-API-Version',
                        'X-OpenStack-Nova-API-Version')


def error_response(code, message, request=None, headers=None):
    name = FAULT_NAMES.get(code, 'computeFault')
    body = {name: {'code': code, 'message': message}}
    response = webob.Response(status=code, content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(body)
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    if request is not None:
        add_version_headers(request, response)
    return response


def add_version_headers(request, response):
    version = request.environ.get('minova.api_version')
    if version is None or request.environ.get('minova.legacy_v2'):
        return
    response.headers['OpenStack-API-Version'] = 'compute %s' % version
    response.headers['X-OpenStack-Nova-API-Version'] = str(version)
    response.headers['Vary'] = ', '.join(MICROVERSION_HEADERS)


class FaultWrapper(wsgi_faults.FaultWrapper):
    """paste filter: any exception below becomes a Nova-shaped error; so
    does an error webob made below us (e.g. a size limit)."""

    convert_foreign_errors = True

    def render(self, code, message, request, headers):
        return error_response(code, message, request, headers)

    def unexpected_message(self, error):
        return ('Unexpected API Error. Please report this at the minova '
                'issue tracker and attach the minova API log if '
                'possible.\n%s' % type(error))
