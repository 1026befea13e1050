"""Requests, responses and the Resource that dispatches to controllers.

A controller method receives ``(req, **url_args)`` plus ``body`` for
requests that carry one; it returns a dict (rendered as JSON with the
method's declared status code) or None (an empty response).
"""

import functools
import inspect

from oslo_log import log as logging
from oslo_serialization import jsonutils
import webob
import webob.dec

from minova.api.openstack import api_version_request as api_version
from minova.api.openstack import faults
from minova import exception

LOG = logging.getLogger(__name__)

JSON_TYPES = ('application/json', 'application/vnd.openstack.compute+json')


class Request(webob.Request):
    """A request that knows its microversion and its minova context."""

    @property
    def context(self):
        return self.environ['minova.context']

    @property
    def api_version_request(self):
        return self.environ['minova.api_version']

    @property
    def is_legacy_v2(self):
        return bool(self.environ.get('minova.legacy_v2'))

    def ver(self, min_version=None, max_version=None):
        """True when the negotiated version is within the given range."""
        return self.api_version_request.matches(min_version, max_version)

    def negotiate_version(self):
        """Set ``minova.api_version`` from the headers (legacy v2: 2.1)."""
        if self.is_legacy_v2:
            version = api_version.min_api_version()
        else:
            version = api_version.from_headers(self.headers)
            if version is None:
                version = api_version.min_api_version()
            elif not version.matches(api_version.MIN_API_VERSION,
                                     api_version.MAX_API_VERSION):
                self.environ['minova.api_version'] = \
                    api_version.min_api_version()
                raise exception.InvalidGlobalAPIVersion(
                    req_ver=version.get_string(),
                    min_ver=api_version.MIN_API_VERSION,
                    max_ver=api_version.MAX_API_VERSION)
        self.environ['minova.api_version'] = version
        return version

    def json_body(self):
        if not self.body:
            raise exception.MalformedRequestBody(reason='empty body')
        content_type = (self.content_type or 'application/json').lower()
        if content_type not in JSON_TYPES and content_type != 'text/plain':
            raise exception.UnsupportedMediaType()
        try:
            body = jsonutils.loads(self.body)
            # A \uD800-\uDFFF escape may leave a lone surrogate, which no
            # database can store: refused here, for every field at once.
            if b'\\ud' in self.body.lower():
                _refuse_unencodable(body)
        except ValueError:
            raise exception.MalformedRequestBody(
                reason='cannot understand JSON')
        except RecursionError:
            # The C decoder recurses once per nesting level.
            raise exception.MalformedRequestBody(
                reason='JSON nested too deeply')
        return body


def _refuse_unencodable(value):
    """MalformedRequestBody if a string in ``value`` is not valid Unicode
    (a lone surrogate from a JSON escape)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_unencodable(key)
            _refuse_unencodable(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_unencodable(item)
    elif isinstance(value, str):
        try:
            value.encode('utf-8')
        except UnicodeEncodeError:
            raise exception.MalformedRequestBody(
                reason='a string is not valid Unicode (a lone surrogate)')


def _takes_body(method):
    """PUT /servers/{id}/tags/{tag} has no body: only a method with a
    ``body`` parameter reads one."""
    return 'body' in inspect.signature(method).parameters


def response(code):
    """Declare the success status code of a controller method."""
    def decorator(func):
        func.wsgi_code = code
        return func
    return decorator


def action(name):
    """Mark a method as the handler of ``POST .../action {name: ...}``."""
    def decorator(func):
        func.wsgi_action = name
        return func
    return decorator


def versions(min_version=None, max_version=None):
    """The method exists only in this microversion range (404 outside)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, req, *args, **kwargs):
            if not req.ver(min_version, max_version):
                raise exception.VersionNotFoundForAPIMethod(
                    version=req.api_version_request.get_string())
            return func(self, req, *args, **kwargs)
        return wrapper
    return decorator


class ResponseObject:
    """A body plus extra headers, for the few methods that need both."""

    def __init__(self, obj, code=None, headers=None):
        self.obj = obj
        self.code = code
        self.headers = headers or {}


class Resource:
    """WSGI app for one controller: parse, check, call, serialize."""

    def __init__(self, controller):
        self.controller = controller
        self.actions = {}
        for name in dir(controller):
            method = getattr(controller, name, None)
            action_name = getattr(method, 'wsgi_action', None)
            if action_name:
                self.actions[action_name] = method

    def register_actions(self, controller):
        """Let another controller add server actions (Nova's extensions)."""
        for name in dir(controller):
            method = getattr(controller, name, None)
            action_name = getattr(method, 'wsgi_action', None)
            if action_name:
                self.actions[action_name] = method

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req):
        args = dict(req.environ['wsgiorg.routing_args'][1])
        args.pop('controller', None)
        action_name = args.pop('action')
        args.pop('format', None)
        url_project = args.pop('project_id', None)
        context = req.context
        if url_project is not None and url_project != context.project_id:
            raise exception.ProjectIdMismatch(
                url_project=url_project, ctx_project=context.project_id)
        if action_name == 'action':
            method, body = self._server_action(req)
            args['body'] = body
        else:
            method = getattr(self.controller, action_name)
            if req.method in ('POST', 'PUT') and _takes_body(method):
                args['body'] = req.json_body()
        result = method(req, **args)
        return self._serialize(req, method, result)

    def _server_action(self, req):
        body = req.json_body()
        if not isinstance(body, dict) or len(body) != 1:
            raise exception.MalformedRequestBody(
                reason='an action body has exactly one key')
        name = next(iter(body))
        method = self.actions.get(name)
        if method is None:
            # Nova answers 400 for an action it does not know.
            raise exception.NoSuchAction(action=name)
        return method, body

    def _serialize(self, req, method, result):
        code = getattr(method, 'wsgi_code', 200)
        headers = {}
        if isinstance(result, ResponseObject):
            code = result.code or code
            headers = result.headers
            result = result.obj
        resp = webob.Response(status=code)
        if result is not None:
            resp.content_type = 'application/json'
            resp.charset = 'utf-8'
            resp.body = jsonutils.dump_as_bytes(result)
        else:
            resp.content_type = None
            resp.body = b''
        for key, value in headers.items():
            resp.headers[key] = str(value)
        faults.add_version_headers(req, resp)
        return resp
