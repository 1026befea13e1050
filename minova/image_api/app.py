"""The image API's WSGI application: its route table and middleware.

Every endpoint is in ``ROUTES`` (path -> HTTP method -> handler). A handler
takes the request and the path's variables and returns a webob Response.
A known path under another method answers 405 with an Allow header
(``minova.wsgi.routing``, shared with the compute API).
"""

from oslo_middleware import cors
from oslo_middleware import http_proxy_to_wsgi
from oslo_middleware import request_id
import routes
import webob.dec

from minova.image_api import auth
from minova.image_api import errors
from minova.image_api import images
from minova.image_api import store as image_store
from minova.image_api import versions
from minova.metrics import wsgi as wsgi_metrics
from minova.wsgi import access_log
from minova.wsgi import healthcheck
from minova.wsgi import routing

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


class Router:
    def __init__(self, conf, store):
        self._conf = conf
        self._store = store
        self._mapper = routes.Mapper()
        for path, methods in ROUTES.items():
            for method, handler in methods.items():
                self._mapper.connect(path, action=handler,
                                     conditions={'method': [method]})

    @webob.dec.wsgify
    def __call__(self, req):
        match, _route = routing.match(self._mapper, req.environ)
        match = dict(match)
        handler = match.pop('action')
        req.environ['minova.image_api.conf'] = self._conf
        req.environ['minova.image_api.store'] = self._store
        return handler(req, **match)


def build_app(conf):
    """The whole pipeline, outermost first: ``/healthcheck`` (before
    anything else, as in Glance's paste composite), CORS, proxy headers,
    request id, the request metrics, the access log, errors,
    authentication, then the router (the compute API's order, with
    oslo.middleware's filters as there)."""
    store = image_store.FileStore(conf.image_api.store_path,
                                  conf.image_api.chunk_size)
    app = Router(conf, store)
    app = auth.pipeline(app, conf)
    app = errors.FaultWrapper(app)
    app = access_log.AccessLog(app)
    app = wsgi_metrics.wrap(app, 'image')
    app = request_id.RequestId(app)
    app = http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)
    return healthcheck.wrap(cors.CORS(app, conf))
