"""paste filter: errors of the web pages as HTML pages, not JSON.

An exception below, or a JSON error an API filter answered (the 401 of
auth, the 413 of the size limit), becomes the same error as a page. The
mapping of exceptions to codes is the API's (``minova.wsgi.faults``).
"""

import webob.dec

from minova.api.web import app
from minova.api.web import client
from minova.wsgi import faults


class HTMLFaults(faults.FaultWrapper):
    service = 'web pages'

    def render(self, code, message, request, headers):
        return app.error_page(request, code, message, headers)

    @webob.dec.wsgify
    def __call__(self, req):
        resp = req.get_response(super().__call__)
        if resp.status_int < 400 or resp.content_type != 'application/json':
            return resp
        return self.render(resp.status_int, client.faults_message(resp),
                           req, faults.kept_headers(resp.headers))
