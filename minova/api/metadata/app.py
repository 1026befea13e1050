"""The metadata WSGI application: find the asking instance, then the
path in its trees (404 for a path it does not have, 403 for a request
that proves no identity)."""

from oslo_log import log as logging
import webob
import webob.dec

from minova.api.metadata import lookup
from minova.api.metadata import trees
import minova.conf
from minova import context as minova_context
from minova import exception

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# Set by the server on requests that came in over the unix socket.
TRUSTED = 'minova.metadata.trusted_proxy'


class MetadataApp:
    def __init__(self, secret=None):
        self.secret = CONF.metadata.metadata_proxy_shared_secret \
            if secret is None else secret

    def _instance(self, req):
        context = minova_context.get_admin_context()
        if req.environ.get(TRUSTED) and \
                req.headers.get('X-Minova-Network-ID'):
            address = (req.headers.get('X-Forwarded-For') or '').split(
                ',')[0].strip()
            return lookup.by_fixed_ip(
                context, req.headers['X-Minova-Network-ID'], address)
        if req.headers.get('X-Instance-ID'):
            return lookup.by_signature(context, req.headers, self.secret)
        raise lookup.MetadataForbidden(
            reason='no instance identity in the request')

    @webob.dec.wsgify
    def __call__(self, req):
        if req.method not in ('GET', 'HEAD'):
            return webob.Response(status=405)
        try:
            instance = self._instance(req)
        except exception.Forbidden as error:
            LOG.warning('Metadata request refused: %s', error)
            return webob.Response(status=403, text=error.format_message(),
                                  content_type='text/plain')
        except exception.NotFound:
            return webob.Response(status=404, text='Not Found',
                                  content_type='text/plain')
        parts = [p for p in req.path_info.split('/') if p]
        data = trees.lookup(instance, parts)
        if data is None:
            return webob.Response(status=404, text='Not Found',
                                  content_type='text/plain')
        body = data if isinstance(data, bytes) else data.encode()
        content_type = 'application/json' if parts and \
            parts[-1].endswith('.json') else 'text/plain'
        LOG.info('Metadata %s for instance %s', req.path_info,
                 instance.uuid)
        return webob.Response(body=body, content_type=content_type,
                              charset=None)
