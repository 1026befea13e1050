"""ComputeTaskManager.unshelve_instance: a shelved server goes back to its
own host, an offloaded one where the scheduler says, and no host leaves
it offloaded with a fault."""

import pytest

from minova.conductor import manager as conductor_manager
from minova import exception
from minova import objects
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.compute import fakes
from tests.unit.compute import image_fakes


@pytest.fixture
def flavor(db):
    return fakes.flavor()


@pytest.fixture
def conductor(flavor):
    manager = conductor_manager.ComputeTaskManager()
    manager.image_api = image_fakes.FakeImageAPI()
    manager.scheduler_rpcapi.select_destinations = sf.Recorder(
        [{'host': 'host2', 'nodename': 'node2', 'limits': {}}])
    manager.compute_rpcapi.unshelve_instance = sf.Recorder()
    return manager


def _offloaded(flavor, conductor):
    return fakes.instance(
        flavor, vm_state='shelved_offloaded', task_state='unshelving',
        system_metadata={'shelved_image_id': fakes.IMAGE['id']})


def _unshelve(conductor, inst):
    context = fakes.ctx()
    objects.InstanceAction.action_start(context, inst.uuid, 'unshelve')
    conductor.unshelve_instance(context, inst)


def test_an_offloaded_server_is_scheduled_and_sent_there(conductor, flavor):
    inst = _offloaded(flavor, conductor)
    _unshelve(conductor, inst)
    [(args, _)] = conductor.scheduler_rpcapi.select_destinations.calls
    assert args[1].flavor.flavorid == flavor.flavorid
    assert args[1].image_id == fakes.IMAGE['id'] and args[2] == [inst.uuid]
    [(args, kwargs)] = conductor.compute_rpcapi.unshelve_instance.calls
    assert args[2] == 'host2' and args[3]['id'] == fakes.IMAGE['id']
    assert kwargs['node'] == 'node2'


def test_a_shelved_server_stays_on_its_host(conductor, flavor):
    inst = fakes.instance(flavor, vm_state='shelved',
                          task_state='unshelving', host='host1')
    _unshelve(conductor, inst)
    assert conductor.scheduler_rpcapi.select_destinations.calls == []
    [(args, kwargs)] = conductor.compute_rpcapi.unshelve_instance.calls
    assert args[2] == 'host1' and kwargs['node'] == 'host1'


def test_no_host_leaves_it_offloaded_with_a_fault(conductor, flavor):
    def no_host(*args):
        raise exception.NoValidHost(reason='no room')
    conductor.scheduler_rpcapi.select_destinations = no_host
    inst = _offloaded(flavor, conductor)
    _unshelve(conductor, inst)
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('shelved_offloaded',
                                                    None)
    assert 'no room' in stored.fault.message
    assert conductor.compute_rpcapi.unshelve_instance.calls == []


def test_a_lost_snapshot_is_error(conductor, flavor):
    inst = _offloaded(flavor, conductor)
    conductor.image_api.images.clear()
    _unshelve(conductor, inst)
    stored = fakes.reload(inst)
    assert (stored.vm_state, stored.task_state) == ('error', None)
