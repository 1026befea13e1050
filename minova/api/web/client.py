"""The compute API, asked in process with the caller's own context.

The pages read exactly what ``minova`` and ``openstack`` read over HTTP
(the same controllers, policies and views), so a page never shows a
caller more than the REST API would, and there is one way to query each
thing.
"""

from oslo_serialization import jsonutils
import webob

from minova.api.openstack import faults
from minova.api.openstack import router

# 2.21: the actions of deleted servers can be read too.
VERSION = '2.21'


class APIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class ComputeClient:
    def __init__(self, app=None):
        # The fault middleware turns the controllers' exceptions into
        # the API's answers, as in the compute pipeline.
        self.app = app or faults.FaultWrapper(router.APIRouter())

    def get(self, context, path):
        """The JSON body of ``GET /v2.1<path>``; APIError otherwise."""
        req = webob.Request.blank(path)
        req.environ['minova.context'] = context
        req.headers['OpenStack-API-Version'] = 'compute %s' % VERSION
        req.headers['Accept'] = 'application/json'
        resp = req.get_response(self.app)
        if resp.status_int != 200:
            raise APIError(resp.status_int, faults_message(resp))
        return jsonutils.loads(resp.body)

    def found(self, context, path):
        """The body, or None where the API says 404."""
        try:
            return self.get(context, path)
        except APIError as error:
            if error.code == 404:
                return None
            raise

    def can(self, context, path):
        """The body, or None where the API says 403."""
        try:
            return self.get(context, path)
        except APIError as error:
            if error.code == 403:
                return None
            raise


def faults_message(resp):
    """The message of the API's error body."""
    try:
        return next(iter(jsonutils.loads(resp.body).values()))['message']
    except (ValueError, TypeError, KeyError, AttributeError, StopIteration):
        return resp.status
