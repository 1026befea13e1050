"""Small request/response helpers the handlers share."""

from oslo_serialization import jsonutils
import webob

from minova.image_api import exception

# Largest JSON request body. Image metadata is small; the cap keeps a
# client from making the service buffer a huge document.
MAX_JSON_BODY = 1024 * 1024


def json_response(body, status=200, headers=None):
    response = webob.Response(status=status, content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(body)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def no_content():
    response = webob.Response(status=204)
    response.content_type = None
    return response


def context(req):
    return req.environ['minova.context']


def conf(req):
    return req.environ['minova.image_api.conf']


def store(req):
    return req.environ['minova.image_api.store']


def require_content_type(req, *allowed, headers=None):
    content_type = (req.content_type or '').lower()
    if content_type not in allowed:
        error = exception.UnsupportedMediaType(
            content_type=content_type or '(none)')
        error.headers = headers or {}
        raise error


def read_json(req, *content_types):
    """The decoded body; 415 for another media type, 413 if too big."""
    require_content_type(req, *content_types)
    if req.content_length is not None and \
            req.content_length > MAX_JSON_BODY:
        raise exception.RequestTooLarge(limit=MAX_JSON_BODY)
    data = req.body_file.read(MAX_JSON_BODY + 1)
    if len(data) > MAX_JSON_BODY:
        raise exception.RequestTooLarge(limit=MAX_JSON_BODY)
    try:
        return jsonutils.loads(data)
    except ValueError:
        raise exception.BadRequest(reason='Malformed JSON in request body.')
    except RecursionError:
        # The C decoder recurses once per nesting level.
        raise exception.BadRequest(
            reason='JSON in request body is nested too deeply.')
