"""Route tables on ``routes.Mapper``: a match, or the right 404 or 405.

A path that exists under other methods answers 405 with an ``Allow``
header naming them; anything else is a 404. Both REST APIs route through
``match`` so they tell the two apart the same way.
"""

from minova import exception

METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE')

NOT_FOUND = 'The resource could not be found.'


def allowed_methods(mapper, environ):
    """The methods under which the request's path has a route."""
    return [method for method in METHODS
            if mapper.routematch(environ=dict(environ,
                                              REQUEST_METHOD=method))]


def match(mapper, environ):
    """``(route arguments, route)`` of the request (its template also in
    ``environ['minova.route']``), or NotFound / MethodNotAllowed."""
    found = mapper.routematch(environ=environ)
    if found is not None:
        # The route's template, for the request metrics' labels.
        environ['minova.route'] = found[1].routepath
        return found
    allowed = allowed_methods(mapper, environ)
    if allowed:
        error = exception.MethodNotAllowed(
            'The method %s is not allowed for this resource.'
            % environ.get('REQUEST_METHOD'))
        error.headers = {'Allow': ', '.join(allowed)}
        raise error
    raise exception.NotFound(NOT_FOUND)
