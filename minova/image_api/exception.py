"""The image API's own errors, on minova's exception hierarchy.

Each carries Glance's message and HTTP code; ``errors.py`` renders any of
them (and any webob HTTP error) the way Glance does, once, at the edge.
"""

from minova import exception


class ImageNotFound(exception.ImageNotFound):
    msg_fmt = 'No image found with ID %(image_id)s'


class BadRequest(exception.Invalid):
    msg_fmt = '%(reason)s'


class InvalidImage(exception.Invalid):
    msg_fmt = 'Provided object does not match schema \'image\': %(reason)s'


class InvalidPatch(exception.Invalid):
    msg_fmt = '%(reason)s'


class PropertyLimitExceeded(exception.Invalid):
    msg_fmt = '%(reason)s'


class ImageSizeMismatch(exception.Invalid):
    msg_fmt = ('Upload of image %(image_id)s failed: expected %(expected)s '
               'bytes, received %(received)s.')


class UploadFailed(exception.Invalid):
    msg_fmt = 'Upload of image %(image_id)s failed: %(reason)s'


class Forbidden(exception.Forbidden):
    msg_fmt = '%(reason)s'


class ImageProtected(exception.Forbidden):
    msg_fmt = 'Image %(image_id)s is protected and cannot be deleted.'


class InvalidStatusTransition(exception.Conflict):
    msg_fmt = ('Image status transition from %(current)s to %(new)s is not '
               'allowed')


class PropertyConflict(exception.Conflict):
    msg_fmt = '%(reason)s'


class ImageExists(exception.Conflict):
    msg_fmt = 'Image with identifier %(image_id)s already exists!'


class ImageTooLarge(exception.MinovaException):
    msg_fmt = ('Image %(image_id)s exceeds the largest image size allowed '
               '(%(limit)s bytes).')
    code = 413


class StoreFull(exception.MinovaException):
    msg_fmt = 'Image storage media is full: %(reason)s'
    code = 413


class ImageGoneDuringUpload(exception.MinovaException):
    msg_fmt = ('Image %(image_id)s could not be found after upload. The '
               'image may have been deleted during the upload.')
    code = 410


class UnsupportedMediaType(exception.MinovaException):
    msg_fmt = 'Unsupported Content-Type: %(content_type)s'
    code = 415


class RequestTooLarge(exception.MinovaException):
    msg_fmt = 'Request body is larger than %(limit)s bytes.'
    code = 413
