"""LibvirtDriver's pause, suspend (managed save) and crash dump on the
fake libvirt connection."""

import libvirt
import pytest

from minova.compute import power_state
from minova import exception
from tests.unit.virt.libvirt import conftest as fixtures


def _running(driver, fake_conn):
    instance = fixtures.make_instance()
    driver.spawn(None, instance, fixtures.image_meta(), [], 'pw', [], None)
    return instance, fake_conn.domains[instance.uuid]


def test_pause_and_unpause(driver, fake_conn):
    instance, domain = _running(driver, fake_conn)
    driver.pause(instance)
    assert driver.get_info(instance).state == power_state.PAUSED
    driver.unpause(instance)
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING


def test_suspend_saves_memory_and_resume_restores_it(driver, fake_conn):
    instance, domain = _running(driver, fake_conn)
    driver.suspend(None, instance)
    assert domain.saved_memory
    assert driver.get_info(instance).state == power_state.SHUTDOWN
    driver.resume(None, instance, [])
    domain = fake_conn.domains[instance.uuid]
    assert domain.restored and not domain.saved_memory
    assert driver.get_info(instance).state == power_state.RUNNING


def test_hard_reboot_of_a_suspended_guest_boots_afresh(driver, fake_conn):
    instance, domain = _running(driver, fake_conn)
    driver.suspend(None, instance)
    driver.reboot(None, instance, [], 'HARD')
    domain = fake_conn.domains[instance.uuid]
    assert not domain.restored
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING


def test_unpause_of_a_running_guest_is_refused(driver, fake_conn):
    instance, _domain = _running(driver, fake_conn)
    with pytest.raises(libvirt.libvirtError):
        driver.unpause(instance)


def test_trigger_crash_dump_injects_an_nmi(driver, fake_conn):
    instance, domain = _running(driver, fake_conn)
    driver.trigger_crash_dump(instance)
    assert domain.nmis == 1


def test_crash_dump_where_libvirt_cannot(driver, fake_conn):
    instance, domain = _running(driver, fake_conn)
    fake_conn.nmi_unsupported = True
    with pytest.raises(exception.TriggerCrashDumpNotSupported):
        driver.trigger_crash_dump(instance)
    fake_conn.nmi_unsupported = False
    driver.power_off(instance, timeout=0)
    with pytest.raises(exception.InstanceNotRunning):
        driver.trigger_crash_dump(instance)


def test_power_off_of_a_paused_guest_pulls_the_plug(driver, fake_conn):
    instance, domain = _running(driver, fake_conn)
    driver.pause(instance)
    driver.soft_delete(instance)
    assert domain.state_code == libvirt.VIR_DOMAIN_SHUTOFF
    assert domain.shutdown_requests == 0
