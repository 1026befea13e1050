"""A running minova service, on oslo.service: its RPC server, heartbeat
and periodic tasks, and the launcher that handles its signals.

Every RPC service (conductor, scheduler, compute, network) is a
``Service``: it records itself in ``services``, listens on its topic (and
on ``topic.host``), reports every [DEFAULT] report_interval and runs its
manager's periodic tasks (``minova.manager``) on a timer. ``serve`` runs
one service (RPC or WSGI) under oslo.service's launcher: SIGTERM stops it,
SIGHUP re-reads the mutable options (``debug``, ``log_config_append``).
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import service as os_service
from oslo_utils import timeutils

import minova.conf
from minova import context
from minova import exception
from minova.metrics import http as metrics_http
from minova import objects
from minova.objects import base as objects_base
from minova import rpc
from minova import version

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class Service(os_service.Service):
    def __init__(self, binary, topic, endpoints, host=None, manager=None):
        """``manager`` (a minova.manager.Manager) gets init_host, reset
        and its periodic tasks run; ``endpoints`` answer RPC."""
        super().__init__()
        self.binary = binary
        self.topic = topic
        self.host = host or CONF.host
        self.endpoints = endpoints
        self.manager = manager
        self.service_ref = None
        self.rpcserver = None

    def start(self):
        ctx = context.get_admin_context()
        self.service_ref = self._wait_for_service_record(ctx)
        LOG.info('Starting %s on %s (version %s)', self.binary, self.host,
                 version.VERSION)
        if self.manager is not None and hasattr(self.manager, 'init_host'):
            self.manager.init_host(ctx)
        target = messaging.Target(topic=self.topic, server=self.host)
        self.rpcserver = rpc.get_server(target, self.endpoints)
        self.rpcserver.start()
        # A failed heartbeat (a conductor restart) must not stop the
        # timer: the next one tries again.
        self.tg.add_timer_args(CONF.report_interval, self._heartbeat,
                               args=[ctx], initial_delay=CONF.report_interval,
                               stop_on_exception=False)
        if hasattr(self.manager, 'periodic_tasks'):
            self.tg.add_dynamic_timer_args(
                self.periodic_tasks, initial_delay=0,
                periodic_interval_max=CONF.periodic_interval,
                stop_on_exception=False)

    def _wait_for_service_record(self, ctx):
        """Find or create our row (through the conductor on compute)."""
        indirection_api = objects_base.MinovaObject.indirection_api
        if indirection_api is not None:
            indirection_api.wait_until_ready(ctx)
        while True:
            ref = objects.Service.get_by_host_and_binary(
                ctx, self.host, self.binary)
            if ref is not None:
                return ref
            ref = objects.Service(ctx, host=self.host, binary=self.binary,
                                  topic=self.topic)
            try:
                ref.create()
                return ref
            except exception.ServiceBinaryExists:
                continue  # another process of ours won the race

    def _heartbeat(self, ctx):
        try:
            self.service_ref.heartbeat()
        except Exception:
            LOG.exception('Heartbeat of %s failed', self.binary)

    def periodic_tasks(self, raise_on_error=False):
        """The timer's callback: seconds until a task is due again."""
        ctx = context.get_admin_context()
        return self.manager.periodic_tasks(ctx,
                                           raise_on_error=raise_on_error)

    def reset(self):
        LOG.info('%s re-read its configuration (SIGHUP)', self.binary)
        if hasattr(self.manager, 'reset'):
            self.manager.reset()

    def stop(self, graceful=False):
        LOG.info('Stopping %s', self.binary)
        with timeutils.StopWatch() as watch:
            if self.rpcserver is not None:
                try:
                    self.rpcserver.stop()
                    self.rpcserver.wait()
                except Exception:
                    LOG.exception('Stopping the RPC server failed')
                self.rpcserver = None
            super().stop(graceful)
        LOG.info('Stopped %s in %.3fs', self.binary, watch.elapsed())


def serve(server):
    """Run ``server`` (an oslo.service ServiceBase) until SIGTERM; SIGHUP
    re-reads the configuration files' mutable options. With [metrics]
    enabled, the process serves its metrics too."""
    metrics_http.start_for(server)
    launcher = os_service.launch(CONF, server, restart_method='mutate')
    try:
        launcher.wait()
    finally:
        rpc.cleanup()
