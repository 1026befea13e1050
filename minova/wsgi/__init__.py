"""HTTP plumbing shared by minova's REST services (compute API, image API).

faults (exceptions to HTTP errors), routing (404 or 405), auth (the
request context), access_log, server (eventlet), and the WSGI application
modules osapi_compute and image_api for uwsgi / mod_wsgi.
"""
