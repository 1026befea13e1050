"""The compute API as a WSGI application: ``application`` for uwsgi or
mod_wsgi (Nova serves its API only this way now).

    uwsgi --http-socket 127.0.0.1:8774 --module minova.wsgi.osapi_compute

It is the same paste pipeline minova-api serves (etc/minova/api-paste.ini,
``[DEFAULT] api_paste_config``); configuration as ``minova.wsgi.app``
says. The process is patched for eventlet first, as the console scripts
are, since the API's RPC client and database code expect green threads.
"""

import minova.cmd  # noqa: F401 (eventlet patching, before other imports)
from minova.api import app as api_app  # noqa: E402
from minova import objects  # noqa: E402
from minova import policy  # noqa: E402
from minova.wsgi import app  # noqa: E402


def _build():
    objects.register_all()
    policy.init()
    return api_app.load_app()


application = app.init_application('minova-api', _build)
