"""The libvirt driver's steps on a request's timeline (fake libvirt), and
the bounded console watch behind the "guest ready" step."""

import os
import threading
import time

from minova import context as minova_context
from minova.timeline import spans
from minova.virt.libvirt import console_watch
from minova.virt.libvirt import guest_config
from tests.unit.virt.libvirt import conftest as fixtures


def _ctx():
    return minova_context.RequestContext(user_id='u', project_id='p')


def _steps(context):
    return [s['event'] for s in spans.recorder(context).take()]


def _spawned(driver):
    instance = fixtures.make_instance()
    context = _ctx()
    driver.spawn(context, instance, fixtures.image_meta(), [], 'pw', [],
                 None)
    assert _steps(context) == [
        'libvirt_image', 'libvirt_disks', 'libvirt_guest_xml',
        'libvirt_define', 'libvirt_launch', 'libvirt_wait_for_running']
    return instance


def test_soft_reboot_steps(driver, fake_conn):
    instance = _spawned(driver)
    context = _ctx()
    driver.reboot(context, instance, [], 'SOFT')
    recorded = spans.recorder(context).take()
    assert [s['event'] for s in recorded] == [
        'libvirt_clean_shutdown', 'libvirt_launch',
        'libvirt_wait_for_running']
    assert recorded[0]['details'] == {'clean': True}


def test_a_soft_reboot_that_falls_back_to_hard_shows_both(
        driver, fake_conn, libvirt_conf):
    libvirt_conf.config(shutdown_timeout=1, group='libvirt')
    fake_conn.honours_acpi = False
    instance = _spawned(driver)
    context = _ctx()
    driver.reboot(context, instance, [], 'SOFT')
    recorded = spans.recorder(context).take()
    assert [s['event'] for s in recorded] == [
        'libvirt_clean_shutdown', 'libvirt_power_off', 'libvirt_filters',
        'libvirt_define', 'libvirt_launch', 'libvirt_wait_for_running']
    assert recorded[0]['details'] == {'clean': False}


def test_hard_reboot_and_power_on_steps(driver, fake_conn):
    instance = _spawned(driver)
    for do in (lambda c: driver.reboot(c, instance, [], 'HARD'),
               lambda c: driver.power_on(c, instance, [])):
        context = _ctx()
        do(context)
        assert _steps(context) == [
            'libvirt_power_off', 'libvirt_filters', 'libvirt_define',
            'libvirt_launch', 'libvirt_wait_for_running']


def test_destroy_steps(driver, fake_conn):
    instance = _spawned(driver)
    context = _ctx()
    driver.destroy(context, instance, [])
    assert _steps(context) == ['libvirt_destroy_domain',
                               'libvirt_remove_files']


def test_no_context_records_nothing(driver, fake_conn):
    instance = _spawned(driver)
    driver.reboot(None, instance, [], 'HARD')    # and does not fail


# -- guest ready -------------------------------------------------------------

def test_the_watch_sees_the_text_once_the_guest_writes_it(tmp_path):
    log = tmp_path / 'console.log'
    log.write_bytes(b'booting\nminova-gue')

    def finish():
        time.sleep(0.3)
        with open(log, 'ab') as out:
            out.write(b'st ready\n')
    writer = threading.Thread(target=finish)
    writer.start()
    started = time.monotonic()
    # The line is split between two reads: it is still seen.
    ready = console_watch.wait_for_text(str(log), 'minova-guest ready', 10,
                                        interval=0.05)
    writer.join()
    assert ready is not None
    assert 0.25 < time.monotonic() - started < 5


def test_the_watch_is_bounded_and_ends_without_a_log(tmp_path):
    log = tmp_path / 'console.log'
    log.write_bytes(b'still booting\n')
    started = time.monotonic()
    assert console_watch.wait_for_text(str(log), 'minova-guest ready', 0.3,
                                       interval=0.05) is None
    assert time.monotonic() - started < 2
    assert console_watch.wait_for_text(str(tmp_path / 'gone.log'),
                                       'minova-guest ready', 10) is None


def test_driver_watches_the_guests_console_log(driver, fake_conn):
    instance = _spawned(driver)
    path = guest_config.GuestPaths(fixtures.instance_dir(instance))
    with open(path.console_log, 'wb') as log:
        log.write(b'...\nminova-guest ready\n')
    assert driver.wait_for_guest_ready(instance, 'minova-guest ready',
                                       5) is not None
    os.remove(path.console_log)
    assert driver.wait_for_guest_ready(instance, 'minova-guest ready',
                                       5) is None
