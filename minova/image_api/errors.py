"""Glance's error bodies, and the middleware that turns exceptions into them.

Glance lets webob render its errors, and webob picks the format from the
Accept header: ``{"code": "404 Not Found", "title": "Not Found",
"message": "..."}`` for JSON clients (openstacksdk), HTML for the rest
(python-glanceclient strips the tags). We render the same, without the
``<br />`` noise webob puts into the JSON message.
"""

import html

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from minova import exception

LOG = logging.getLogger(__name__)

_HTML = """<html>
 <head>
  <title>%(status)s</title>
 </head>
 <body>
  <h1>%(status)s</h1>
  %(message)s<br /><br />
 </body>
</html>"""


def error_response(code, message, request=None, headers=None):
    response = webob.Response(status=code)
    status = response.status
    title = status.split(' ', 1)[1] if ' ' in status else status
    accept = request.accept if request is not None else None
    offers = accept.acceptable_offers(['text/html', 'application/json']) \
        if accept is not None else []
    kind = offers[0][0] if offers else 'application/json'
    if kind == 'text/html':
        response.content_type = 'text/html'
        response.text = _HTML % {'status': html.escape(status),
                                 'message': html.escape(message)}
    else:
        response.content_type = 'application/json'
        response.body = jsonutils.dump_as_bytes(
            {'code': status, 'title': title, 'message': message})
    response.charset = 'utf-8'
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    return response


def from_exception(error, request=None):
    if isinstance(error, exception.MinovaException):
        code, message = error.code, error.format_message()
        headers = getattr(error, 'headers', None)
    elif isinstance(error, webob.exc.HTTPException):
        code = error.status_int
        message = error.detail or error.explanation or error.title
        headers = {k: v for k, v in error.headers.items()
                   if k.lower() in ('allow', 'accept-patch', 'location')}
    else:
        code, message, headers = 500, None, None
    if code >= 500:
        LOG.error('Image API request failed with %s: %s', code, error,
                  exc_info=error)
        if message is None or not getattr(error, 'safe', True):
            message = 'Error in the image service: %s' % type(error).__name__
    else:
        LOG.info('Image API request refused with %s: %s', code, message)
    return error_response(code, message, request, headers)


class FaultWrapper:
    """Any exception below becomes a Glance-shaped error response."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.application)
        except Exception as error:  # noqa: the one place errors turn to HTTP
            return from_exception(error, req)
