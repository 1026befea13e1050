"""minova.virt.fake and minova.virt.driver: the fake hypervisor and how
a driver is loaded."""

import json
import time

import pytest

from minova.compute import power_state
from minova import exception
from minova import objects
from minova.virt import driver as virt_driver
from minova.virt import fake


class Instance:
    """What the fake driver reads of an instance."""

    def __init__(self, uuid='u-1', display_name='vm', id=42):
        self.uuid = uuid
        self.display_name = display_name
        self.hostname = display_name
        self.name = 'instance-%08x' % id


@pytest.fixture
def driver():
    drv = fake.FakeDriver()
    drv.init_host('host1')
    return drv


def _spawn(driver, inst=None):
    inst = inst or Instance()
    driver.spawn(None, inst, {}, [], 'pw')
    return inst


def test_resources_follow_the_config(driver, conf):
    conf.config(vcpus=2, memory_mb=1024, local_gb=10, group='fake_driver')
    assert driver.get_available_nodes() == ['host1']
    res = driver.get_available_resource('host1')
    assert (res['vcpus'], res['memory_mb'], res['local_gb']) == (2, 1024, 10)
    assert res['hypervisor_hostname'] == 'host1'
    assert json.loads(res['cpu_info'])['topology']['cores'] == 2
    assert ['x86_64', 'fake', 'hvm'] in res['supported_instances']


def test_nodes_before_init_host(conf):
    assert fake.FakeDriver().get_available_nodes() == ['testhost']


def test_spawn_and_power_cycle(driver):
    inst = _spawn(driver)
    assert driver.list_instance_uuids() == ['u-1']
    assert driver.get_info(inst).state == power_state.RUNNING
    driver.power_off(inst)
    assert driver.get_info(inst).state == power_state.SHUTDOWN
    driver.power_on(None, inst)
    assert driver.get_info(inst).state == power_state.RUNNING
    driver.reboot(None, inst, [], 'HARD')
    lines = driver.get_console_output(None, inst).splitlines()
    assert 'fake guest instance-0000002a booted' in lines[0]
    assert [line.split('] ', 1)[1] for line in lines[1:]] == [
        'powered off', 'powered on', 'hard reboot']


def test_destroy_is_idempotent(driver):
    inst = _spawn(driver)
    driver.destroy(None, inst)
    driver.destroy(None, inst)
    assert driver.list_instance_uuids() == []
    assert driver.get_info(inst).state == power_state.NOSTATE


@pytest.mark.parametrize('call', [
    lambda drv, inst: drv.power_off(inst),
    lambda drv, inst: drv.power_on(None, inst),
    lambda drv, inst: drv.reboot(None, inst, [], 'SOFT'),
    lambda drv, inst: drv.get_console_output(None, inst)])
def test_missing_guest(driver, call):
    with pytest.raises(exception.InstanceNotFound):
        call(driver, Instance())


def test_fail_all_spawns(driver, conf):
    conf.config(fail_all_spawns=True, group='fake_driver')
    with pytest.raises(exception.InstanceDeployFailure) as error:
        _spawn(driver)
    assert 'host host1' in error.value.format_message()
    assert driver.list_instance_uuids() == []


def test_fail_spawn_for_names(driver, conf):
    conf.config(fail_spawn_for_names=['bad'], group='fake_driver')
    _spawn(driver, Instance('u-good', 'good'))
    with pytest.raises(exception.InstanceDeployFailure):
        _spawn(driver, Instance('u-bad', 'bad'))
    assert driver.list_instance_uuids() == ['u-good']


def test_spawn_delay(driver, conf):
    conf.config(spawn_delay=0.05, group='fake_driver')
    started = time.monotonic()
    _spawn(driver)
    assert time.monotonic() - started >= 0.05


def test_migrate_delay(driver, conf):
    conf.config(migrate_delay=0.05, group='fake_driver')
    instance = Instance('u-move', 'move')
    _spawn(driver, instance)
    started = time.monotonic()
    driver.migrate_disk_and_power_off(None, instance, 'host2', None, [])
    assert time.monotonic() - started >= 0.05


def test_load_compute_driver():
    loaded = virt_driver.load_compute_driver('fake.FakeDriver')
    assert isinstance(loaded, fake.FakeDriver)
    assert isinstance(loaded, virt_driver.ComputeDriver)


@pytest.mark.parametrize('name', ['fake.NoSuchDriver', 'nosuch.Driver'])
def test_load_unknown_driver(name):
    with pytest.raises(exception.MinovaException) as error:
        virt_driver.load_compute_driver(name)
    assert 'Unable to load the virtualization driver %s' % name in \
        error.value.format_message()


def test_base_driver_methods_are_abstract():
    base = virt_driver.ComputeDriver()
    base.init_host('h')                    # optional: a no-op
    inst = objects.Instance()
    for call in (lambda: base.get_available_nodes(),
                 lambda: base.get_available_resource('n'),
                 lambda: base.spawn(None, inst, {}, [], None),
                 lambda: base.destroy(None, inst),
                 lambda: base.power_off(inst),
                 lambda: base.get_info(inst),
                 lambda: base.list_instance_uuids()):
        with pytest.raises(NotImplementedError):
            call()


def test_a_vanished_guest_comes_back_from_its_files(driver):
    instance = _spawn(driver)
    del driver.guests[instance.uuid]
    with pytest.raises(exception.InstanceNotFound):
        driver.reboot(None, instance, [], 'SOFT')
    driver.reboot(None, instance, [], 'HARD')
    assert driver.get_info(instance).state == power_state.RUNNING
    driver.destroy(None, instance)
    with pytest.raises(exception.InstanceNotFound):
        driver.power_on(None, instance)


def test_guests_outlive_the_process_with_a_state_file(conf, tmp_path):
    conf.config(state_file=str(tmp_path / 'guests.json'),
                group='fake_driver')
    first = fake.FakeDriver()
    first.init_host('host1')
    inst = _spawn(first)
    first.power_off(inst)
    second = fake.FakeDriver()         # the compute process restarted
    second.init_host('host1')
    assert second.get_info(inst).state == power_state.SHUTDOWN
    assert second.list_instance_dirs() == {inst.uuid}
    second.destroy(None, inst)
    third = fake.FakeDriver()
    third.init_host('host1')
    assert third.guests == {} and third.disks == set()
