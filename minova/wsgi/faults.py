"""Exceptions to HTTP errors, once for both REST APIs.

Controllers and handlers raise ``minova.exception`` classes (or webob HTTP
errors); the one FaultWrapper at the top of each pipeline turns them into
an error response. What is shared is the mapping (code, message, the
headers that mean something to a client, what a 500 may show); each API
subclasses FaultWrapper only to say how its error body looks: Nova's
``{"badRequest": {...}}`` in ``api/openstack/faults.py``, Glance's in
``image_api/errors.py``.
"""

from urllib import parse

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_middleware import base
from oslo_serialization import jsonutils
import webob.dec
import webob.exc

from minova import exception
from minova.wsgi import limits

LOG = logging.getLogger(__name__)

# Headers of an HTTP error that mean something to the client.
KEPT_HEADERS = ('allow', 'retry-after', 'location', 'accept-patch')

MAX_URI_LENGTH = limits.MAX_URI_LENGTH


def kept_headers(headers):
    return {key: value for key, value in headers.items()
            if key.lower() in KEPT_HEADERS}


def describe(error):
    """(code, message, headers) for an exception; the message is None when
    the exception has nothing fit to show (an unexpected error)."""
    if isinstance(error, exception.MinovaException):
        return (error.code, error.format_message(),
                getattr(error, 'headers', None))
    if isinstance(error, webob.exc.HTTPException):
        message = error.detail or error.explanation or error.title
        return error.status_int, message, kept_headers(error.headers)
    return 500, None, None


def database_unavailable(error):
    """Whether ``error`` says the database could not serve the request
    now (a 503: try again), not that the request or minova was wrong."""
    if isinstance(error, (db_exc.DBConnectionError, db_exc.DBDeadlock)):
        return True
    # SQLite's busy time-out ran out; oslo.db leaves it a plain DBError.
    return isinstance(error, db_exc.DBError) and \
        'database is locked' in str(error.inner_exception)


def _check_uri_length(req):
    """A URI longer than any API needs is refused before anything parses
    it (eventlet stops at the same length; another server may not)."""
    environ = req.environ
    length = sum(len(environ.get(key) or '') for key in
                 ('SCRIPT_NAME', 'PATH_INFO', 'QUERY_STRING'))
    if length > MAX_URI_LENGTH:
        raise exception.RequestURITooLong(limit=MAX_URI_LENGTH)


def _body_limit(conf):
    try:
        return conf.oslo_middleware.max_request_body_size
    except (cfg.NoSuchOptError, cfg.NoSuchGroupError):
        return None


def _webob_json_message(response):
    """The message of an error webob rendered as JSON (it does for a
    JSON-accepting client: ``{"code": "413 ...", "title": ...,
    "message": ...}``), else None."""
    if response.content_type != 'application/json':
        return None
    try:
        body = jsonutils.loads(response.body)
    except ValueError:
        return None
    if isinstance(body, dict) and isinstance(body.get('code'), str) and \
            'title' in body:
        return str(body.get('message') or '').replace('<br />', ' ')
    return None


def is_foreign_error(response):
    """An error response webob made below us, not in the API's shape."""
    if response.status_int < 400:
        return False
    return response.content_type != 'application/json' or \
        _webob_json_message(response) is not None


def foreign_message(response, conf):
    """A clean message for an error response webob rendered below us.

    oslo.middleware's size limit leaves its ``%s`` unfilled; its 413
    gets a message that names the limit instead."""
    if response.status_int == 413:
        limit = _body_limit(conf)
        if limit is not None:
            return ('Request is too large. Larger than '
                    'max_request_body_size (%d bytes).' % limit)
        return 'Request is too large.'
    message = _webob_json_message(response)
    if message is None:
        message = response.text
    message = message.strip().split('\n')[-1].strip()
    if not message or '%s' in message or '%(' in message:
        message = response.status.split(' ', 1)[-1]
    return message


def _check_utf8(req):
    """A path or query string that is not UTF-8 is the client's error
    (400), caught once here for every handler and route."""
    try:
        req.path_info
    except UnicodeDecodeError:
        raise exception.ValidationError(
            detail='The request path is not valid UTF-8.')
    try:
        req.GET
    except UnicodeDecodeError:
        raise exception.ValidationError(
            detail='The query string is not valid UTF-8.')


class FaultWrapper(base.ConfigurableMiddleware):
    """Any exception below becomes the API's error response."""

    #: Who failed, in the 500 log line.
    service = 'API'
    #: Re-render error responses that webob made below in another media
    #: type (an unknown route, a size limit) in this API's shape.
    convert_foreign_errors = False

    def render(self, code, message, request, headers):
        """The error response; each API says how its body looks."""
        raise NotImplementedError

    def unexpected_message(self, error):
        """What a client sees of a 500 whose message is not safe to show."""
        return 'Unexpected error: %s' % type(error).__name__

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            _check_uri_length(req)
            _check_utf8(req)
            response = req.get_response(self.application)
        except Exception as error:  # noqa: the one place errors turn to HTTP
            return self.from_exception(error, req)
        if self.convert_foreign_errors and is_foreign_error(response):
            message = foreign_message(response, self.oslo_conf)
            _log_refused(req, response.status_int, message)
            return self.render(response.status_int, message, req,
                               kept_headers(response.headers))
        return response

    def from_exception(self, error, req=None):
        if database_unavailable(error):
            error = exception.DatabaseUnavailable(reason=error)
        code, message, headers = describe(error)
        if code >= 500:
            LOG.error('%s request failed with %s: %s', self.service, code,
                      error, exc_info=error)
            if message is None or not getattr(error, 'safe', True):
                message = getattr(error, 'public_msg', None) or \
                    self.unexpected_message(error)
        else:
            _log_refused(req, code, message)
        return self.render(code, message, req, headers)


def safe_path_qs(req, full=False):
    """The request's path and query (``full``: its URL) for a log line;
    percent-encoded as it came when it is not UTF-8 (webob would raise)."""
    try:
        return req.url if full else req.path_qs
    except UnicodeDecodeError:
        environ = req.environ
        path = (environ.get('SCRIPT_NAME', '') +
                environ.get('PATH_INFO', '')).encode('latin-1')
        query = environ.get('QUERY_STRING')
        return (req.host_url if full else '') + \
            parse.quote(path, safe='/') + ('?' + query if query else '')


def _log_refused(req, code, message):
    # The URL makes a 404 line useful: which path did the client ask for?
    if req is None:
        LOG.info('HTTP exception thrown: %s', message)
    else:
        LOG.info('HTTP exception thrown: %s (%s %s -> %s)', message,
                 req.method, safe_path_qs(req, full=True), code)
