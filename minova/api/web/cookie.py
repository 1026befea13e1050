"""paste filter before auth: a browser's token from a cookie.

A browser cannot send ``X-Auth-Token``; it sends the ``minova_token``
cookie, which this filter copies into the header (a header the caller
sent wins). With noauth2 only, ``?minova_token=user:project`` in the URL
also works and sets the cookie: noauth2 tokens are no secret, keystone
tokens are, and a URL ends up in logs and histories.
"""

import webob.dec

import minova.conf

CONF = minova.conf.CONF
COOKIE = 'minova_token'


class CookieToken:
    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    @webob.dec.wsgify
    def __call__(self, req):
        from_url = None
        if CONF.api.auth_strategy == 'noauth2':
            from_url = req.GET.get(COOKIE)
        token = from_url or req.cookies.get(COOKIE)
        if token and 'X-Auth-Token' not in req.headers:
            req.headers['X-Auth-Token'] = token
        resp = req.get_response(self.application)
        if from_url:
            resp.set_cookie(COOKIE, from_url, httponly=True,
                            samesite='Strict', path=cookie_path(req))
        return resp


def cookie_path(req):
    """The web pages' prefix (``/minova``), where the cookie is sent."""
    return req.script_name or '/'
