"""The image API as a WSGI application: ``application`` for uwsgi or
mod_wsgi.

    uwsgi --http-socket 127.0.0.1:9292 --module minova.wsgi.image_api

The same pipeline minova-image-api serves (``image_api.app.build_app``);
configuration as ``minova.wsgi.app`` says. No RPC.
"""

import minova.cmd  # noqa: F401 (eventlet patching, before other imports)
import minova.conf  # noqa: E402
from minova.image_api import app as image_app  # noqa: E402
from minova.wsgi import app  # noqa: E402

application = app.init_application(
    'minova-image-api', lambda: image_app.build_app(minova.conf.CONF),
    init_rpc=False)
