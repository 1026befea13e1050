"""A running minova service: its RPC server, heartbeat and periodic tasks.

Every RPC service (conductor, scheduler, compute) is one of these: it
records itself in ``services``, listens on its topic (and on
``topic.host``), reports every [DEFAULT] report_interval and runs its
manager's periodic tasks in green threads.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from minova import concurrency
import minova.conf
from minova import context
from minova import exception
from minova import objects
from minova.objects import base as objects_base
from minova import rpc
from minova import version

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class Service:
    def __init__(self, binary, topic, endpoints, host=None, manager=None,
                 periodic_tasks=()):
        """``periodic_tasks``: (callable(context), interval seconds)."""
        self.binary = binary
        self.topic = topic
        self.host = host or CONF.host
        self.endpoints = endpoints
        self.manager = manager
        self.periodic_tasks = periodic_tasks
        self.service_ref = None
        self.rpcserver = None
        self._threads = []
        self._running = False

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
        self._running = True
        self._threads.append(concurrency.spawn(
            self._every, CONF.report_interval, self._heartbeat))
        for task, interval in self.periodic_tasks:
            if interval and interval > 0:
                self._threads.append(concurrency.spawn(
                    self._every, interval, task))

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
        self.service_ref.heartbeat()

    def _every(self, interval, task):
        ctx = context.get_admin_context()
        while self._running:
            concurrency.sleep(interval)
            if not self._running:
                return
            try:
                task(ctx)
            except Exception:
                # One failed run (a conductor restart) must not stop the
                # loop: the next run tries again.
                LOG.exception('Periodic task %s failed',
                              getattr(task, '__name__', task))

    def stop(self):
        self._running = False
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                self.rpcserver.wait()
            except Exception:
                LOG.exception('Stopping the RPC server failed')
        for thread in self._threads:
            thread.kill()
        self._threads = []


def serve(*services):
    """Start the services; block until SIGTERM or SIGINT, then stop them."""
    for service in services:
        service.start()
    signum = concurrency.wait_for_stop_signal()
    LOG.info('Caught signal %s, stopping', signum)
    for service in services:
        service.stop()
    rpc.cleanup()
