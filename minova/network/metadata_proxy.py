"""The metadata proxy of one network: runs inside the network's
namespace (minova-network starts it there), takes guests' requests that
the namespace's NAT redirected from 169.254.169.254:80, and passes them
to minova-metadata-api's unix socket with the guest's fixed IP and the
network's id (nova-network identified guests by address; only root
reaches the socket, so the service can trust those headers).

    python -m minova.network.metadata_proxy NETWORK_ID PORT SOCKET PIDFILE
"""

import http.client
import http.server
import os
import socket
import socketserver
import sys

_HOP_HEADERS = ('X-Forwarded-For', 'X-Minova-Network-ID', 'X-Instance-ID',
                'X-Instance-ID-Signature', 'Host', 'Connection')


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__('localhost', timeout=30)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.path)


def handler(network_id, socket_path):
    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.0'

        def do_GET(self):
            headers = {k: v for k, v in self.headers.items()
                       if k not in _HOP_HEADERS}
            # What the guest says about itself is replaced, never passed.
            headers['X-Forwarded-For'] = self.client_address[0]
            headers['X-Minova-Network-ID'] = network_id
            try:
                conn = _UnixConnection(socket_path)
                conn.request('GET', self.path, headers=headers)
                resp = conn.getresponse()
                body = resp.read()
                status, ctype = resp.status, resp.getheader(
                    'Content-Type', 'text/plain')
            except OSError:
                status, ctype, body = 503, 'text/plain', \
                    b'metadata service unavailable'
            self.send_response(status)
            self.send_header('Content-Type', ctype)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            pass
    return Proxy


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv):
    network_id, port, socket_path, pid_file = argv[1:5]
    server = _Server(('0.0.0.0', int(port)), handler(network_id,
                                                     socket_path))
    child = os.fork()
    if child:
        # The pid file exists before the starter returns: a second start
        # right after this one sees it and starts no other proxy.
        with open(pid_file, 'w') as out:
            out.write('%d\n' % child)
        os._exit(0)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    server.serve_forever()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
