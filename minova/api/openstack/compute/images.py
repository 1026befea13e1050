"""/images: the compute API's proxy to the image service (list, detail,
show, delete), served up to microversion 2.35 as in Nova; clients use the
image API itself from 2.36."""

from minova.api.openstack import common
from minova.api.openstack.compute.views import images as view
from minova.api.openstack import wsgi
from minova import exception
from minova.image import glance

MAX_PROXY_API_SUPPORT_VERSION = '2.35'

# Nova's query parameters -> the image service's.
_FILTERS = {'name': 'name', 'status': 'status',
            'server': 'instance_uuid', 'type': 'image_type',
            'minRam': 'min_ram', 'minDisk': 'min_disk'}


def image_not_found():
    return exception.NotFound(message='Image not found.')


def filters_from(req):
    """The image service filters for a compute API image list."""
    filters = {}
    for param, value in req.GET.items():
        if param in _FILTERS:
            filters[_FILTERS[param]] = value
        elif param.startswith('property-'):
            filters[param[len('property-'):]] = value
    if 'instance_uuid' in filters:
        # server may be a URL ending in the server id.
        filters['instance_uuid'] = filters['instance_uuid'].rsplit('/')[-1]
    if 'status' in filters:
        filters['status'] = filters['status'].lower()
    if 'changes-since' in req.GET:
        filters['updated_at'] = 'gte:' + req.GET['changes-since']
    return filters


class ImagesController:
    def __init__(self):
        self.image_api = glance.API()

    @wsgi.versions(max_version=MAX_PROXY_API_SUPPORT_VERSION)
    def index(self, req):
        return self._list(req, view.basic, 'images')

    @wsgi.versions(max_version=MAX_PROXY_API_SUPPORT_VERSION)
    def detail(self, req):
        return self._list(req, view.show, 'images/detail')

    def _list(self, req, image_view, collection_name):
        limit, marker = common.limited_params(req)
        filters = filters_from(req)
        if marker:
            filters['marker'] = marker
        images = self.image_api.list(req.context, filters, limit=limit,
                                     page_size=limit)
        return view.collection(req, images, image_view, collection_name,
                               limit)

    @wsgi.versions(max_version=MAX_PROXY_API_SUPPORT_VERSION)
    def show(self, req, id):
        try:
            image = self.image_api.show(req.context, id)
        except exception.ImageNotFound:
            raise image_not_found()
        return {'image': view.show(req, image)}

    @wsgi.response(204)
    @wsgi.versions(max_version=MAX_PROXY_API_SUPPORT_VERSION)
    def delete(self, req, id):
        try:
            self.image_api.delete(req.context, id)
        except exception.ImageNotFound:
            raise image_not_found()
        except exception.ImageNotAuthorized:
            raise exception.Forbidden(
                message='You are not allowed to delete the image.')
