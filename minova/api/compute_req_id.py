"""The request id middleware of the compute API.

Nova answers every /v2 and /v2.1 request with ``x-compute-request-id``
(its header from before oslo.middleware) beside ``x-openstack-request-id``,
both the same ``req-<uuid>``; older clients and tempest read the first.
"""

from oslo_middleware import request_id

HTTP_RESP_HEADER_REQUEST_ID = 'x-compute-request-id'


class ComputeReqIdMiddleware(request_id.RequestId):
    compat_headers = [HTTP_RESP_HEADER_REQUEST_ID]
