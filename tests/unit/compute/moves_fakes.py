"""Two compute hosts, a conductor and a scheduler in one process, over
oslo.messaging's fake transport: the move flows (resize, migrate,
evacuate) go through the real RPC APIs, their serialisation included,
between two fake-driver computes."""

import threading
import time

import oslo_messaging as messaging

from minova.compute import manager as compute_manager
from minova.compute import rpcapi as compute_rpcapi
from minova.conductor import manager as conductor_manager
import minova.conf
from minova import objects
from minova import rpc
from minova.scheduler import manager as scheduler_manager
from minova.scheduler import rpcapi as scheduler_rpcapi
from minova.virt import fake
from tests.unit.api import fakes as api_fakes
from tests.unit.compute import fakes
from tests.unit.network import fakes as network_fakes

CONF = minova.conf.CONF


class TwoHosts:
    """host1 and host2, each a ComputeManager on its own FakeDriver."""

    def __init__(self):
        self.services = {}
        self.computes = {}
        self.servers = []
        for host in ('host1', 'host2'):
            self.services[host] = api_fakes.service(host=host)
            self.start_compute(host)
        self._serve(messaging.Target(topic=CONF.conductor.topic,
                                     server='conductor1'),
                    [conductor_manager.ComputeTaskManager()])
        self._serve(messaging.Target(topic=scheduler_rpcapi.RPC_TOPIC,
                                     server='scheduler1'),
                    [scheduler_manager.SchedulerManager()])

    def start_compute(self, host, driver=None):
        manager = compute_manager.ComputeManager(
            host=host, driver=driver or fake.FakeDriver())
        manager.network_api = network_fakes.FakeNetworkAPI()
        manager.builder.network_api = manager.network_api
        manager.evacuator.image_api = FakeImageAPI()
        manager.init_host(fakes.ctx())
        self.computes[host] = manager
        self._serve(messaging.Target(topic=compute_rpcapi.RPC_TOPIC,
                                     server=host), [manager])
        return manager

    def _serve(self, target, endpoints):
        server = rpc.get_server(target, endpoints)
        server.start()
        self.servers.append(server)

    def stop(self):
        for server in self.servers:
            server.stop()
        # Each wait sits out its listener's last poll (about a second on
        # the fake driver): wait for all of them at once.
        waiters = [threading.Thread(target=server.wait)
                   for server in self.servers]
        for waiter in waiters:
            waiter.start()
        for waiter in waiters:
            waiter.join()

    def boot(self, flavor, context, host='host1'):
        """An ACTIVE server built on ``host``."""
        inst = fakes.instance(flavor, context)
        self.computes[host].builder.build(context, inst, fakes.IMAGE, None,
                                          'pw', None, host)
        return fakes.reload(inst)

    def guests(self, host):
        return self.computes[host].driver.guests

    def kept(self, host):
        return self.computes[host].driver.kept


class FakeImageAPI:
    def show(self, context, image_id):
        return dict(fakes.IMAGE, id=image_id)


def wait_for(instance, vm_state, task_state=None, timeout=10):
    """The instance once it rests in ``vm_state``/``task_state``."""
    deadline = time.monotonic() + timeout
    while True:
        current = fakes.reload(instance)
        if (current.vm_state, current.task_state) == (vm_state, task_state):
            return current
        if time.monotonic() > deadline:
            raise AssertionError('instance is %s/%s, not %s/%s' % (
                current.vm_state, current.task_state, vm_state, task_state))
        time.sleep(0.02)


def wait_for_fault(instance, timeout=10):
    """The instance once its fault is recorded (after its state moved)."""
    deadline = time.monotonic() + timeout
    while True:
        current = fakes.reload(instance)
        if current.fault is not None:
            return current
        if time.monotonic() > deadline:
            raise AssertionError('no fault recorded')
        time.sleep(0.02)


def migrations(instance):
    return list(objects.MigrationList.get_by_filters(
        api_fakes.admin_ctx(), {'instance_uuid': instance.uuid}))


def wait_for_migration(instance, status, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        current = migrations(instance)
        if current and current[0].status == status:
            return current[0]
        if time.monotonic() > deadline:
            raise AssertionError('migration is %s, not %s' % (
                current[0].status if current else None, status))
        time.sleep(0.02)
