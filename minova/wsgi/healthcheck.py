"""oslo.middleware's ``/healthcheck`` in front of every REST API.

``GET /healthcheck`` answers ``200 OK`` (``HEAD``: 204) without a token,
before any of the API's middleware runs, so a load balancer can ask as
often as it likes; it answers ``503 DISABLED BY FILE`` while the file
``disable_by_file_path`` exists (touch it to drain an API), as Nova's
api-paste.ini sets it up. ``[healthcheck] detailed`` (off by default)
would add the process's details to the answer.

The compute API maps it in its paste composite (etc/minova/api-paste.ini,
``/healthcheck: healthcheck``), the metadata API through
``composite_factory`` there, the image API (built in code) with ``wrap``.
"""

from oslo_middleware import healthcheck

PATH = '/healthcheck'

#: What etc/minova/api-paste.ini's [app:healthcheck] sets, for the APIs
#: that are not built from it.
DEFAULTS = {'backends': 'disable_by_file',
            'disable_by_file_path': '/etc/minova/healthcheck_disable'}


def make_app(**options):
    """oslo.middleware's Healthcheck application with ``DEFAULTS``."""
    return healthcheck.Healthcheck.app_factory(None,
                                               **dict(DEFAULTS, **options))


class Router:
    """``PATH`` to the healthcheck, every other path to ``application``
    untouched."""

    def __init__(self, application, check):
        self.application = application
        self.check = check

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '').rstrip('/') == PATH:
            return self.check(environ, start_response)
        return self.application(environ, start_response)


def wrap(application, **options):
    return Router(application, make_app(**options))


def composite_factory(loader, global_conf, **local_conf):
    """paste.deploy composite: ``healthcheck`` (an app's name) answers
    ``PATH``, ``app`` everything else."""
    return Router(loader.get_app(local_conf['app'], global_conf=global_conf),
                  loader.get_app(local_conf['healthcheck'],
                                 global_conf=global_conf))
