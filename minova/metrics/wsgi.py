"""Request rate and latency of a REST API: a filter of its pipeline
(``[filter:metrics]`` in etc/minova/api-paste.ini; the image API adds it
in code).

The ``route`` label is the template of the route that answered
(``/v2.1/servers/{id}``), never the path itself, so that ids do not make
a new series each; a request no route answered is ``unmatched`` (when it
failed) or its path (the version documents, the metadata trees).
"""

from oslo_utils import timeutils
import webob.dec

from minova.metrics import registry

#: Set by minova.wsgi.routing on the request a route matched.
ROUTE = 'minova.route'
UNMATCHED = 'unmatched'
#: Any other method a client sends is ``other``: a label must not take
#: whatever a client writes.
METHODS = frozenset(('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE',
                     'OPTIONS'))


def route_label(environ, script_name, path_info, status):
    route = environ.get(ROUTE)
    if route is not None:
        return script_name + route
    if status < 400:
        return (script_name + path_info) or '/'
    return UNMATCHED


class RequestMetrics:
    def __init__(self, application, api, metrics):
        self.application = application
        self.api = api
        self.metrics = metrics

    @webob.dec.wsgify
    def __call__(self, req):
        # Read before the apps below move path segments around.
        script_name, path_info = req.script_name, req.path_info
        status = 500
        with timeutils.StopWatch() as watch:
            try:
                response = req.get_response(self.application)
                status = response.status_int
            finally:
                self.record(req, script_name, path_info, status,
                            watch.elapsed())
        return response

    def record(self, req, script_name, path_info, status, seconds):
        labels = (self.api,
                  req.method if req.method in METHODS else 'other',
                  route_label(req.environ, script_name, path_info, status),
                  str(status))
        self.metrics.api_requests.labels(*labels).inc()
        self.metrics.api_duration.labels(*labels).observe(seconds)


def wrap(application, api):
    """``application`` measured as ``api``; itself when metrics are off."""
    metrics = registry.get()
    if metrics is None:
        return application
    return RequestMetrics(application, api, metrics)


def filter_factory(global_conf, api='compute', **local_conf):
    """paste.deploy: ``api`` names the API in the labels."""
    return lambda application: wrap(application, api)
