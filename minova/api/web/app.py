"""The web pages' WSGI app: the route table, and errors as HTML pages.

Mounted at ``/minova`` behind the compute API's auth (api-paste.ini), so
``minova.context`` is the caller's.
"""

import re

import webob
import webob.dec

from minova.api.web import client as client_lib
from minova.api.web import page
from minova.api.web import views
from minova import exception

PAGES_RULE = 'minova:web:pages'

# path -> the page: (pattern, handler(app, req, **groups)).
ROUTES = (
    (re.compile(r'^/?$'), lambda app, req: views.overview_page(
        app.client, req.environ['minova.context'], req.script_name)),
    (re.compile(r'^/servers/(?P<server_id>[^/]+)/?$'),
     lambda app, req, server_id: views.server_page(
        app.client, req.environ['minova.context'], req.script_name,
        server_id, req.GET.get('action') or None)),
)


def html_response(status, body, headers=None):
    resp = webob.Response(status=status, content_type='text/html',
                          charset='utf-8')
    resp.text = body
    for key, value in (headers or {}).items():
        resp.headers[key] = str(value)
    return resp


def error_page(req, code, message, headers=None):
    return html_response(code, page.error_document(
        code, message, req.script_name), headers)


class WebApp:
    def __init__(self, client=None):
        self.client = client or client_lib.ComputeClient()

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls()

    @webob.dec.wsgify
    def __call__(self, req):
        for pattern, handler in ROUTES:
            match = pattern.match(req.path_info)
            if match:
                break
        else:
            return error_page(req, 404, 'No page at %s.' % req.path)
        if req.method not in ('GET', 'HEAD'):
            return error_page(req, 405, 'The pages are read only.')
        try:
            req.environ['minova.context'].can(PAGES_RULE)
            return html_response(200, handler(self, req,
                                              **match.groupdict()))
        except exception.PolicyNotAuthorized as error:
            return error_page(req, 403, str(error))
        except client_lib.APIError as error:
            return error_page(req, error.code, error.message)
