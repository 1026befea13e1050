"""Glance's error bodies, and the middleware that turns exceptions into them.

Glance lets webob render its errors, and webob picks the format from the
Accept header: ``{"code": "404 Not Found", "title": "Not Found",
"message": "..."}`` for JSON clients (openstacksdk), HTML for the rest
(python-glanceclient strips the tags). We render the same, without the
``<br />`` noise webob puts into the JSON message. Which exception means
which code is ``minova.wsgi.faults``, shared with the compute API.
"""

import html

from oslo_serialization import jsonutils
import webob

from minova.wsgi import faults as wsgi_faults

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


class FaultWrapper(wsgi_faults.FaultWrapper):
    """Any exception below becomes a Glance-shaped error response."""

    service = 'Image API'

    def render(self, code, message, request, headers):
        return error_response(code, message, request, headers)

    def unexpected_message(self, error):
        return 'Error in the image service: %s' % type(error).__name__
