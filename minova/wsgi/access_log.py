"""One INFO line per API request, as Nova's request log writes it.

``10.0.0.1 "GET /v2.1/servers" status: 200 len: 15 microversion: 2.1
time: 0.012345 request_id: req-...``: method, path (with the query),
status, body length, the negotiated microversion (compute API), seconds
until the response started, and the request id, so one grep follows a
request from here through every process. It sits just below oslo's
RequestId filter in both APIs' pipelines.
"""

from oslo_log import log as logging
from oslo_middleware import base
from oslo_utils import timeutils
import webob.dec

from minova.wsgi import faults

LOG = logging.getLogger(__name__)


class AccessLog(base.ConfigurableMiddleware):
    @webob.dec.wsgify
    def __call__(self, req):
        with timeutils.StopWatch() as watch:
            response = req.get_response(self.application)
        self.log(req, response, watch.elapsed())
        return response

    @staticmethod
    def log(req, response, seconds):
        version = req.environ.get('minova.api_version')
        LOG.info('%(client)s "%(method)s %(path)s" status: %(status)s '
                 'len: %(len)s microversion: %(version)s time: %(time).6f '
                 'request_id: %(request_id)s',
                 {'client': req.remote_addr or '-', 'method': req.method,
                  'path': faults.safe_path_qs(req),
                  'status': response.status_int,
                  'len': response.content_length
                  if response.content_length is not None else '-',
                  'version': version.get_string() if version else '-',
                  'time': seconds,
                  'request_id': req.environ.get('openstack.request_id',
                                                '-')})
