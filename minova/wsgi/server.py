"""An eventlet WSGI server bound to one address, as Nova's API runs.

Both minova-api and minova-image-api serve their paste pipeline with it;
it is an oslo.service service, so ``minova.service.serve`` runs it with
the same signal handling as the RPC services.
"""

import http
import socket

import eventlet
import eventlet.wsgi
from oslo_log import log as logging
from oslo_service import service

from minova import concurrency
from minova.wsgi import limits

LOG = logging.getLogger(__name__)

# eventlet reads a request line up to this length: a URI just over the
# APIs' own limit still reaches them (and gets their 414).
REQUEST_LINE_LIMIT = limits.MAX_URI_LENGTH + 64
# What is left of a refused request is read (and dropped) up to this
# much before the answer, so that closing the socket on unread data does
# not reset the connection before the client read the answer.
_DRAIN_LIMIT = 1024 * 1024


class Protocol(eventlet.wsgi.HttpProtocol):
    """eventlet's HTTP protocol, whose own refusals (a request line or a
    header line too long, a malformed request line) carry the API's error
    body instead of none (eventlet's) or HTML (http.server's)."""

    #: callable(code, message) -> webob.Response, set per server.
    error_response = None

    def _read_request_line(self):
        line = super()._read_request_line()
        if line and len(line) >= self.server.url_length_limit:
            _drain(self.rfile, line)
            self.send_error(414, 'The request URI is longer than %d '
                                 'characters.' % limits.MAX_URI_LENGTH)
            return ''
        return line

    def parse_request(self):
        try:
            return super().parse_request()
        except (eventlet.wsgi.HeaderLineTooLong,
                eventlet.wsgi.HeadersTooLarge):
            _drain(getattr(self.rfile, 'fp', self.rfile), b'\n')
            self.send_error(400, 'The request headers are too large.')
            return False

    def send_error(self, code, message=None, explain=None):
        message = message or http.HTTPStatus(code).phrase
        response = self.error_response(code, message)
        body = response.body
        head = ('HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n'
                'Connection: close\r\n\r\n'
                % (response.status, response.headers['Content-Type'],
                   len(body)))
        self.wfile.write(head.encode('latin-1') + body)
        self.close_connection = 1


def _drain(rfile, line):
    """Read the rest of the request line and the headers, bounded."""
    read = len(line)
    ended = line.endswith(b'\n')
    while read < _DRAIN_LIMIT:
        chunk = rfile.readline(65536)
        read += len(chunk)
        if not chunk or (ended and chunk in (b'\r\n', b'\n')):
            return
        ended = chunk.endswith(b'\n')


def protocol_for(error_response):
    """The eventlet protocol class whose refusals look like the API's
    (``error_response(code, message)``)."""
    return type('Protocol', (Protocol,),
                {'error_response': staticmethod(error_response)})


class Server(service.ServiceBase):
    """``error_response(code, message)``: how the API's error body looks,
    for the requests eventlet refuses before the application sees them."""

    def __init__(self, name, app, host, port, pool_size=100,
                 error_response=None):
        self.name = name
        self.app = app
        self._server_args = {}
        if error_response is not None:
            self._server_args = {
                'protocol': protocol_for(error_response),
                'url_length_limit': REQUEST_LINE_LIMIT}
        self._pool = eventlet.GreenPool(pool_size)
        # reuse_port=False: eventlet's default SO_REUSEPORT would let a
        # second service bind the same port and silently share its traffic.
        self._socket = eventlet.listen((host, port), family=socket.AF_INET,
                                       backlog=128, reuse_port=False)
        self.host, self.port = self._socket.getsockname()[:2]
        self._thread = None

    def start(self):
        LOG.info('%s listening on http://%s:%s', self.name, self.host,
                 self.port)
        self._thread = concurrency.spawn(
            eventlet.wsgi.server, self._socket, self.app,
            # eventlet logs through our logger at its own levels; the
            # pipeline's access log (minova.wsgi.access_log) writes one
            # line per request, so eventlet's own would repeat it.
            custom_pool=self._pool, log=LOG, log_output=False,
            keepalive=True, socket_timeout=900, debug=False,
            **self._server_args)

    def reset(self):
        """SIGHUP: nothing to rebuild; the mutable options are re-read."""
        LOG.info('%s re-read its configuration (SIGHUP)', self.name)

    def stop(self):
        if self._thread is not None:
            self._thread.kill()
            self._thread = None
        self._socket.close()

    def wait(self):
        if self._thread is not None:
            try:
                self._thread.wait()
            except eventlet.greenlet.GreenletExit:
                pass
