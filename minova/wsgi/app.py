"""Set-up shared by the WSGI application modules (uwsgi, mod_wsgi).

A WSGI server imports ``minova.wsgi.osapi_compute`` or
``minova.wsgi.image_api`` and serves its ``application``; there is no
command line, so the configuration files come from the environment, as
Nova's do: ``OS_MINOVA_CONFIG_DIR`` (default ``/etc/minova``) and
``OS_MINOVA_CONFIG_FILES`` (``;``-separated names in that directory,
default ``minova.conf``). Files that do not exist are skipped.
"""

import os

from minova import config

DEFAULT_CONFIG_DIR = '/etc/minova'
DEFAULT_CONFIG_FILES = 'minova.conf'


def config_files(environ=None):
    environ = os.environ if environ is None else environ
    directory = environ.get('OS_MINOVA_CONFIG_DIR', DEFAULT_CONFIG_DIR)
    names = environ.get('OS_MINOVA_CONFIG_FILES', DEFAULT_CONFIG_FILES)
    paths = [os.path.join(directory, name.strip())
             for name in names.split(';') if name.strip()]
    return [path for path in paths if os.path.exists(path)]


def init_application(name, build, init_rpc=True):
    """Parse the configuration once for process ``name``, then return
    ``build()``, the service's WSGI application."""
    config.parse_args([name], default_config_files=config_files(),
                      init_rpc=init_rpc)
    return build()
