"""The image API's WSGI application: its route table and middleware.

Every endpoint is in ``ROUTES`` (path -> HTTP method -> handler). A handler
takes the request and the path's variables and returns a webob Response.
A known path under another method answers 405 with an Allow header.
"""

from oslo_middleware import http_proxy_to_wsgi
from oslo_middleware import request_id
import routes
import webob.dec
import webob.exc

from minova.image_api import auth
from minova.image_api import errors
from minova.image_api import images
from minova.image_api import store as image_store
from minova.image_api import versions

ROUTES = {
    '/': {'GET': versions.multiple_choices},
    '/versions': {'GET': versions.list_versions},
    '/v2/images': {
        'GET': images.list_images,
        'POST': images.create_image,
    },
    '/v2/images/{image_id}': {
        'GET': images.show_image,
        'PATCH': images.update_image,
        'DELETE': images.delete_image,
    },
    '/v2/images/{image_id}/file': {
        'GET': images.download_image,
        'PUT': images.upload_image,
    },
    '/v2/schemas/image': {'GET': versions.image_schema},
    '/v2/schemas/images': {'GET': versions.images_schema},
}


def _method_not_allowed(allowed):
    def handler(req, **_kwargs):
        raise webob.exc.HTTPMethodNotAllowed(
            detail='The method %s is not allowed for this resource.'
                   % req.method, headers={'Allow': ', '.join(allowed)})
    return handler


class Router:
    def __init__(self, conf, store):
        self._conf = conf
        self._store = store
        self._mapper = routes.Mapper()
        for path, methods in ROUTES.items():
            for method, handler in methods.items():
                self._mapper.connect(path, action=handler,
                                     conditions={'method': [method]})
            # Reached only when no method above matched.
            self._mapper.connect(path, action=_method_not_allowed(
                sorted(methods)))

    @webob.dec.wsgify
    def __call__(self, req):
        match = self._mapper.match(environ=req.environ)
        if match is None:
            raise webob.exc.HTTPNotFound(
                detail='The resource could not be found.')
        handler = match.pop('action')
        req.environ['minova.image_api.conf'] = self._conf
        req.environ['minova.image_api.store'] = self._store
        return handler(req, **match)


def build_app(conf):
    """The whole pipeline, outermost first: request id, proxy headers,
    errors, authentication, then the router."""
    store = image_store.FileStore(conf.image_api.store_path,
                                  conf.image_api.chunk_size)
    app = Router(conf, store)
    app = auth.pipeline(app, conf)
    app = errors.FaultWrapper(app)
    app = http_proxy_to_wsgi.HTTPProxyToWSGI(
        app, {'oslo_config_config': conf})
    return request_id.RequestId(app)
