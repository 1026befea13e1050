"""A compute host on the test database: the fake driver, real objects
(no conductor in between) and the reschedule cast recorded."""

import pytest

from minova.compute import manager as compute_manager
from minova.objects import base as objects_base
from minova.virt import fake
from tests.unit.api.openstack.compute import server_fakes
from tests.unit.compute import fakes
from tests.unit.network import fakes as network_fakes


@pytest.fixture
def flavor(db, monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)
    return fakes.flavor()


@pytest.fixture
def compute(flavor, conf):
    conf.config(host='host1')
    driver = fake.FakeDriver()
    manager = compute_manager.ComputeManager(host='host1', driver=driver)
    manager.network_api = network_fakes.FakeNetworkAPI()
    manager.builder.network_api = manager.network_api
    manager.init_host(fakes.ctx())
    manager.reschedules = server_fakes.Recorder()
    manager.compute_task_api.build_instances = manager.reschedules
    return manager


@pytest.fixture
def context():
    return fakes.ctx()
