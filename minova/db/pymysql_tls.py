"""One TLS context for all of a process's PyMySQL connections.

Without TLS options PyMySQL (1.1.2 on) connects in MySQL's PREFERRED
mode: it offers TLS and goes on in the clear when the server has none.
For that it builds a new default ``ssl.SSLContext`` for every
connection, loading the system's CA store each time: 0.9 MB of memory
held by each pooled connection and ~60 ms of CPU for each new one on a
loaded machine (issue 15: 60 connections took the conductor from 73 to
144 MB, and its overflow connections were a sixth of its CPU). That
context does not depend on the connection (no CA, no certificate, no
host check), so ``share`` makes PyMySQL build it once and reuse it.
Connections given TLS options still get their own context.
"""

_SHARED = object()


def share():
    """Idempotent; nothing happens without PyMySQL."""
    try:
        from pymysql import connections
    except ImportError:
        return
    original = connections.Connection._create_ssl_ctx
    if getattr(original, 'minova_shared', None) is _SHARED:
        return
    contexts = {}

    def create_ssl_ctx(self, sslp):
        if isinstance(sslp, dict) and not sslp:      # PREFERRED mode
            if 'preferred' not in contexts:
                contexts['preferred'] = original(self, sslp)
            return contexts['preferred']
        return original(self, sslp)

    create_ssl_ctx.minova_shared = _SHARED
    connections.Connection._create_ssl_ctx = create_ssl_ctx
