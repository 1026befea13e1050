"""The metadata API's WSGI application, from its paste composite
``metadata`` in etc/minova/api-paste.ini (``/healthcheck``, then the
metadata application), as Nova's metadata API is built."""

from minova.api.metadata import app as metadata_app


def app_factory(global_conf, **local_conf):
    """paste.deploy: the metadata application."""
    return metadata_app.MetadataApp()


def load_app():
    from minova.api import app as api_app
    return api_app.load_app('metadata')
