"""Builds the compute API's WSGI application from its paste pipeline."""

import os

from paste import deploy

import minova.conf

CONF = minova.conf.CONF

_DEFAULT_PASTE = os.path.join(os.path.dirname(__file__), '..', '..', 'etc',
                              'minova', 'api-paste.ini')


def find_paste_config():
    """[DEFAULT] api_paste_config, absolute or next to the config files;
    the copy in the source tree as the last resort."""
    path = CONF.api_paste_config
    if os.path.isabs(path) and os.path.exists(path):
        return path
    found = CONF.find_file(path)
    if found:
        return os.path.abspath(found)
    return os.path.abspath(_DEFAULT_PASTE)


def load_app(name='osapi_compute'):
    return deploy.loadapp('config:%s' % find_paste_config(), name=name)
