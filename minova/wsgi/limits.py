"""Limits both REST APIs and their WSGI server share, in a module of its
own so that the server (which every service's ``/metrics`` runs on)
does not import the API fault handling (oslo.middleware, oslo.db's
exceptions) to know them."""

# Longest request URI (path and query string) either API reads; eventlet
# reads request lines up to the same length (``minova.wsgi.server``).
MAX_URI_LENGTH = 8192
