"""The compute API router: the route table, microversions, dispatch.

Every path in ``minova.api.openstack.compute.routes.ROUTES`` is served both
as ``/path`` and as ``/{project_id}/path`` (microversion 2.18 made the
project id optional; the legacy ``/v2`` API always carries it). A path
known under other methods is a 405 (``minova.wsgi.routing``).
"""

import routes
import webob.dec

from minova.api.openstack.compute import routes as compute_routes
from minova.api.openstack import wsgi
from minova.wsgi import routing


class APIRouter:
    def __init__(self, route_list=None):
        self.mapper = routes.Mapper()
        resources = {}
        route_list = route_list or compute_routes.ROUTES
        for prefix in ('', '/{project_id}'):
            for path, methods in route_list:
                for method, (controller_factory, action) in methods.items():
                    resource = resources.get(controller_factory)
                    if resource is None:
                        resource = wsgi.Resource(controller_factory())
                        resources[controller_factory] = resource
                    self.mapper.connect(prefix + path, controller=resource,
                                        action=action,
                                        conditions={'method': [method]})
        # Server actions of other controllers join the servers resource.
        servers = resources.get(compute_routes.SERVERS_CONTROLLER)
        for factory in compute_routes.ACTION_CONTROLLERS:
            if servers is None:
                break   # a route table without /servers (tests)
            servers.register_actions(
                resources[factory].controller if factory in resources
                else factory())

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls()

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req):
        req.negotiate_version()
        result, route = routing.match(self.mapper, req.environ)
        req.environ['wsgiorg.routing_args'] = ((), result)
        req.environ['routes.route'] = route
        return result['controller']


class LegacyV2CompatibleWrapper:
    """The ``/v2`` API: microversion 2.1 whatever the headers say, extra
    body properties tolerated, no microversion headers in responses."""

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    def __call__(self, environ, start_response):
        environ['minova.legacy_v2'] = True
        return self.application(environ, start_response)
