"""LibvirtDriver on a fake libvirt connection: what spawn makes, what a
failure leaves (nothing), power operations and their bounded waits."""

import json
import os
import threading
import time
from xml.etree import ElementTree as etree

import libvirt
import pytest

from minova.compute import power_state
from minova import exception
from minova.virt.libvirt import disk
from minova.virt.libvirt import driver as libvirt_driver
from minova.virt.libvirt import host_resources
from minova.virt.libvirt import imagecache
from tests.unit.virt.libvirt import conftest as fixtures
from tests.unit.virt.libvirt import fakelibvirt


def _spawn(driver, instance=None, meta=None, network_info=()):
    instance = instance or fixtures.make_instance()
    driver.spawn(None, instance, meta or fixtures.image_meta(), [], 'pw',
                 list(network_info), None)
    return instance


def _domain(fake_conn, instance):
    return fake_conn.domains[instance.uuid]


def test_init_host_refuses_a_virt_type_libvirt_lacks(host, fake_conn,
                                                     libvirt_conf,
                                                     monkeypatch):
    monkeypatch.setattr(fake_conn, 'getCapabilities', lambda: (
        fakelibvirt.CAPABILITIES.replace("<domain type='kvm'/>", '')))
    libvirt_conf.config(virt_type='kvm', group='libvirt')
    drv = libvirt_driver.LibvirtDriver(host=host)
    with pytest.raises(exception.MinovaException) as error:
        drv.init_host('host1')
    assert 'virt_type kvm is not available' in str(error.value)


def test_init_host_wants_a_model_for_a_custom_cpu(host, libvirt_conf):
    libvirt_conf.config(cpu_mode='custom', group='libvirt')
    with pytest.raises(exception.MinovaException):
        libvirt_driver.LibvirtDriver(host=host).init_host('host1')


def test_spawn_makes_the_files_and_a_running_domain(driver, fake_conn,
                                                    image_api):
    instance = _spawn(driver, network_info=[fixtures.VIF])
    path = fixtures.instance_dir(instance)
    assert fixtures.listing(path) == ['disk', 'disk.config', 'kernel',
                                      'ramdisk']
    domain = _domain(fake_conn, instance)
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING
    root = etree.fromstring(domain.xml)
    assert root.get('type') == 'qemu'
    assert root.findtext('os/kernel') == os.path.join(path, 'kernel')
    assert root.findtext('os/cmdline') == 'console=ttyS0'
    assert [d.find('source').get('file') for d in
            root.findall('devices/disk')] == [
        os.path.join(path, 'disk'), os.path.join(path, 'disk.config')]
    assert root.find('devices/interface/source').get('bridge') == 'br100'
    assert driver.get_info(instance).state == power_state.RUNNING
    assert driver.list_instance_uuids() == [instance.uuid]
    assert driver.list_instances() == ['instance-0000002a']
    # The overlay is backed by the cached image and sized to the flavor.
    info = disk.qemu_img_info(os.path.join(path, 'disk'))
    assert info['virtual-size'] == 1024 ** 3
    assert os.path.dirname(info['backing-filename']) == \
        imagecache.base_dir()


def test_ephemeral_and_swap_disks(driver, fake_conn):
    flavor = fixtures.make_flavor(ephemeral_gb=1, swap=32)
    instance = _spawn(driver, fixtures.make_instance(flavor))
    assert fixtures.listing(fixtures.instance_dir(instance)) == [
        'disk', 'disk.config', 'disk.local', 'disk.swap', 'kernel',
        'ramdisk']
    targets = [t.get('dev') for t in etree.fromstring(_domain(
        fake_conn, instance).xml).findall('devices/disk/target')]
    assert targets == ['vda', 'vdb', 'vdc', 'hda']


def test_three_spawns_of_one_image_download_it_once(driver, image_api):
    for index in range(3):
        _spawn(driver, fixtures.make_instance(
            id=index + 1, uuid='00000000-0000-4000-8000-00000000000%d'
            % index))
    assert sorted(image_api.downloads) == sorted(
        [fixtures.IMAGE_ID, fixtures.KERNEL_ID, fixtures.RAMDISK_ID])


def _nothing_left(driver, fake_conn, instance):
    assert instance.uuid not in fake_conn.domains
    assert not os.path.exists(fixtures.instance_dir(instance))


def test_define_error_leaves_nothing_behind(driver, fake_conn):
    fake_conn.fail_define = True
    with pytest.raises(libvirt.libvirtError):
        _spawn(driver)
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_start_error_leaves_nothing_behind(driver, fake_conn):
    fake_conn.fail_create = True
    with pytest.raises(libvirt.libvirtError):
        _spawn(driver)
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_spawn_plugs_the_vifs_before_the_domain_exists(driver, fake_conn,
                                                       monkeypatch):
    """Nova's order: the bridge is there before libvirt adds the tap."""
    seen = []
    plug = driver.vif_driver.plug_vifs

    def plug_vifs(instance, network_info):
        seen.append(instance.uuid in fake_conn.domains)
        plug(instance, network_info)
    monkeypatch.setattr(driver.vif_driver, 'plug_vifs', plug_vifs)
    instance = _spawn(driver, network_info=[fixtures.VIF])
    assert seen == [False]
    assert driver.vif_driver.plugged == [(instance.uuid,
                                          fixtures.VIF['id'])]


def test_hard_reboot_plugs_the_vifs_again(driver, fake_conn):
    """A bridge deleted meanwhile (a host reboot) comes back."""
    instance = _spawn(driver, network_info=[fixtures.VIF])
    driver.reboot(None, instance, [fixtures.VIF], 'HARD')
    assert driver.vif_driver.plugged == [(instance.uuid,
                                          fixtures.VIF['id'])] * 2


class RecordingFirewall:
    """The four steps of the firewall driver, by name."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return lambda *args: self.calls.append(name)


def _restarted(host, image_api):
    """The driver of a compute service started again: the domains are
    libvirt's, the filters to rebuild."""
    drv = libvirt_driver.LibvirtDriver(
        host=host, image_cache=imagecache.ImageCache(image_api),
        vif_driver=fixtures.RecordingVIFDriver(),
        firewall_driver=RecordingFirewall())
    drv.init_host('host1')
    return drv


def test_restart_rebuilds_a_running_guests_filters_hairpin_too(
        driver, host, image_api):
    """init_host's rebuild runs the seed's whole order on a running
    guest's tap: a host that lost the filters lost hairpin as well."""
    instance = _spawn(driver, network_info=[fixtures.VIF])
    restarted = _restarted(host, image_api)
    restarted.ensure_filtering_rules_for_instance(None, instance,
                                                  [fixtures.VIF])
    assert restarted.firewall_driver.calls == [
        'setup_basic_filtering', 'prepare_instance_filter',
        'apply_instance_filter']


def test_restart_filters_a_stopped_guest_without_a_tap(driver, host,
                                                        image_api):
    instance = _spawn(driver, network_info=[fixtures.VIF])
    driver.power_off(instance, timeout=0)
    restarted = _restarted(host, image_api)
    restarted.ensure_filtering_rules_for_instance(None, instance,
                                                  [fixtures.VIF])
    # No tap to set hairpin on: the start (a hard reboot) will.
    assert restarted.firewall_driver.calls == [
        'setup_basic_filtering', 'prepare_instance_filter']


def test_hard_reboot_sets_hairpin_once_the_new_tap_exists(driver, host,
                                                           image_api):
    instance = _spawn(driver, network_info=[fixtures.VIF])
    restarted = _restarted(host, image_api)
    restarted.reboot(None, instance, [fixtures.VIF], 'HARD')
    assert restarted.firewall_driver.calls == [
        'setup_basic_filtering', 'prepare_instance_filter',
        'apply_instance_filter']


def test_a_vif_that_cannot_be_plugged_leaves_nothing_behind(
        driver, fake_conn, monkeypatch):
    def plug_vifs(instance, network_info):
        raise exception.NetworkSetupFailed(network='br100', reason='no')
    monkeypatch.setattr(driver.vif_driver, 'plug_vifs', plug_vifs)
    with pytest.raises(exception.NetworkSetupFailed):
        _spawn(driver, network_info=[fixtures.VIF])
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_image_error_leaves_nothing_behind(driver, fake_conn, image_api):
    image_api.images[fixtures.IMAGE_ID] = b'not a qcow2 image'
    with pytest.raises(exception.ImageUnacceptable):
        _spawn(driver)
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_flavor_disk_smaller_than_the_image(driver, fake_conn, image_api,
                                            tmp_path):
    # root_gb 0 takes the image's size; 1 GiB < a 2 GiB image fails.
    big = str(tmp_path / 'big.qcow2')
    disk.execute('qemu-img', 'create', '-q', '-f', 'qcow2', big, '2G')
    with open(big, 'rb') as data:
        image_api.images[fixtures.IMAGE_ID] = data.read()
    with pytest.raises(exception.FlavorDiskSmallerThanImage):
        _spawn(driver)
    _nothing_left(driver, fake_conn, fixtures.make_instance())
    instance = _spawn(driver, fixtures.make_instance(
        fixtures.make_flavor(root_gb=0)))
    assert disk.qemu_img_info(os.path.join(fixtures.instance_dir(
        instance), 'disk'))['virtual-size'] == 2 * 1024 ** 3


def test_a_domain_that_never_runs_fails_the_spawn_in_time(
        driver, fake_conn, libvirt_conf):
    libvirt_conf.config(spawn_timeout=1, group='libvirt')
    fake_conn.state_after_create = libvirt.VIR_DOMAIN_PAUSED
    started = time.monotonic()
    with pytest.raises(exception.InstanceDeployFailure) as error:
        _spawn(driver)
    assert time.monotonic() - started < 3
    assert 'not running after 1s' in str(error.value)
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_a_domain_that_dies_at_once_fails_the_spawn(driver, fake_conn):
    fake_conn.state_after_create = libvirt.VIR_DOMAIN_CRASHED
    with pytest.raises(exception.InstanceDeployFailure):
        _spawn(driver)
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_a_hung_start_fails_the_spawn_in_time(driver, fake_conn,
                                              libvirt_conf, monkeypatch):
    libvirt_conf.config(spawn_timeout=1, group='libvirt')
    qemu_hangs = threading.Event()
    monkeypatch.setattr(fakelibvirt.Domain, 'createWithFlags',
                        lambda self, flags: qemu_hangs.wait(10))
    started = time.monotonic()
    try:
        with pytest.raises(exception.HypervisorTimeout):
            _spawn(driver)
        assert time.monotonic() - started < 2.5
    finally:
        qemu_hangs.set()   # free the native thread still waiting
    _nothing_left(driver, fake_conn, fixtures.make_instance())


def test_destroy_removes_domain_and_files(driver, fake_conn):
    instance = _spawn(driver)
    driver.destroy(None, instance)
    _nothing_left(driver, fake_conn, instance)
    assert driver.get_info(instance).state == power_state.NOSTATE
    driver.destroy(None, instance)   # gone already: fine


def test_destroy_of_a_stopped_domain(driver, fake_conn):
    instance = _spawn(driver)
    driver.power_off(instance)
    driver.destroy(None, instance)
    _nothing_left(driver, fake_conn, instance)


def test_power_off_asks_the_guest_first(driver, fake_conn):
    instance = _spawn(driver)
    driver.power_off(instance)
    domain = _domain(fake_conn, instance)
    assert domain.shutdown_requests == 1
    assert driver.get_info(instance).state == power_state.SHUTDOWN


def test_power_off_pulls_the_plug_on_a_deaf_guest(driver, fake_conn,
                                                  libvirt_conf):
    libvirt_conf.config(shutdown_timeout=2, shutdown_retry_interval=1,
                        group='libvirt')
    fake_conn.honours_acpi = False
    instance = _spawn(driver)
    started = time.monotonic()
    driver.power_off(instance)
    assert 2 <= time.monotonic() - started < 4
    assert _domain(fake_conn, instance).shutdown_requests == 2
    assert driver.get_info(instance).state == power_state.SHUTDOWN


def test_power_off_with_no_timeout_is_immediate(driver, fake_conn):
    instance = _spawn(driver)
    driver.power_off(instance, timeout=0)
    assert _domain(fake_conn, instance).shutdown_requests == 0
    assert driver.get_info(instance).state == power_state.SHUTDOWN


def test_power_on_starts_a_redefined_domain(driver, fake_conn):
    instance = _spawn(driver)
    driver.power_off(instance)
    driver.power_on(None, instance, [fixtures.VIF])
    domain = _domain(fake_conn, instance)
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING
    # New XML: the VIF given now is in it.
    assert etree.fromstring(domain.xml).find(
        'devices/interface/mac').get('address') == fixtures.VIF['address']


def test_soft_reboot_shuts_down_and_starts(driver, fake_conn):
    instance = _spawn(driver)
    driver.reboot(None, instance, [], 'SOFT')
    domain = _domain(fake_conn, instance)
    assert domain.shutdown_requests == 1
    assert domain.create_count == 2
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING


def test_soft_reboot_of_a_deaf_guest_becomes_hard(driver, fake_conn,
                                                  libvirt_conf):
    libvirt_conf.config(shutdown_timeout=1, group='libvirt')
    fake_conn.honours_acpi = False
    instance = _spawn(driver)
    driver.reboot(None, instance, [], 'SOFT')
    domain = _domain(fake_conn, instance)
    assert domain.create_count == 2
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING


def test_hard_reboot(driver, fake_conn):
    instance = _spawn(driver)
    driver.reboot(None, instance, [], 'HARD')
    domain = _domain(fake_conn, instance)
    assert domain.shutdown_requests == 0
    assert domain.create_count == 2
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING


def test_hard_reboot_without_its_disk_fails(driver, fake_conn):
    instance = _spawn(driver)
    os.remove(os.path.join(fixtures.instance_dir(instance), 'disk'))
    with pytest.raises(exception.InstanceRebootFailure):
        driver.reboot(None, instance, [], 'HARD')


def test_power_operations_on_a_missing_domain(driver):
    instance = fixtures.make_instance()
    with pytest.raises(exception.InstanceNotFound):
        driver.power_off(instance)
    with pytest.raises(exception.InstanceNotFound):
        driver.reboot(None, instance, [], 'HARD')


def test_a_domain_that_vanished_has_no_state(driver, fake_conn):
    instance = _spawn(driver)
    del fake_conn.domains[instance.uuid]   # virsh undefine behind our back
    assert driver.get_info(instance).state == power_state.NOSTATE


def test_console_output_is_the_tail_of_the_log(driver):
    instance = _spawn(driver)
    log = os.path.join(fixtures.instance_dir(instance), 'console.log')
    assert driver.get_console_output(None, instance) == ''
    with open(log, 'wb') as out:
        out.write(b'x' * libvirt_driver.MAX_CONSOLE_BYTES + b'\nready\xff\n')
    output = driver.get_console_output(None, instance)
    assert len(output) == libvirt_driver.MAX_CONSOLE_BYTES
    assert output.endswith('\nready\ufffd\n')
    driver.destroy(None, instance)
    with pytest.raises(exception.InstanceNotFound):
        driver.get_console_output(None, instance)


def test_available_resource(driver):
    instance = _spawn(driver)
    res = driver.get_available_resource('host1')
    assert (res['vcpus'], res['memory_mb']) == (2, 7936)
    assert res['hypervisor_type'] == 'QEMU'
    assert res['hypervisor_version'] == 7002022
    assert res['hypervisor_hostname'] == 'host1'
    assert json.loads(res['cpu_info'])['topology'] == {
        'sockets': 1, 'cores': 2, 'threads': 1}
    assert ['x86_64', 'qemu', 'hvm'] in res['supported_instances']
    assert res['local_gb'] > 0
    # The 1 GiB overlay may still grow: it counts against free disk.
    over = host_resources.disk_over_committed_bytes(
        os.path.dirname(fixtures.instance_dir(instance)))
    assert 0.99 * 1024 ** 3 < over < 1024 ** 3
    statvfs = os.statvfs(fixtures.instance_dir(instance))
    free_gb = statvfs.f_bavail * statvfs.f_frsize / 1024 ** 3
    assert free_gb - 2 <= res['disk_available_least'] <= free_gb - 1
    assert driver.get_available_nodes() == ['host1']


def test_disk_cachemode(tmp_path):
    assert libvirt_driver.disk_cachemode(str(tmp_path)) in (
        'none', 'writethrough')
    assert os.listdir(tmp_path) == []


def test_warns_about_a_root_only_kvm_device(tmp_path, caplog):
    device = tmp_path / 'kvm'
    device.write_bytes(b'')
    os.chown(device, os.getuid(), 0)
    device.chmod(0o600)
    libvirt_driver.warn_if_kvm_device_is_root_only(str(device))
    if os.getuid() == 0:
        assert 'accessible to root only' in caplog.text
    device.chmod(0o660)
    caplog.clear()
    libvirt_driver.warn_if_kvm_device_is_root_only(str(device))
    assert 'accessible to root only' not in caplog.text
    libvirt_driver.warn_if_kvm_device_is_root_only(str(tmp_path / 'none'))


@pytest.mark.parametrize('how', ['hard reboot', 'start'])
def test_a_vanished_domain_is_re_created_from_its_disks(driver, fake_conn,
                                                        how):
    instance = _spawn(driver, network_info=[fixtures.VIF])
    del fake_conn.domains[instance.uuid]   # virsh undefine behind our back
    if how == 'start':
        driver.power_on(None, instance, [fixtures.VIF])
    else:
        driver.reboot(None, instance, [fixtures.VIF], 'HARD')
    domain = _domain(fake_conn, instance)
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING
    assert etree.fromstring(domain.xml).find('uuid').text == instance.uuid
    assert driver.get_info(instance).state == power_state.RUNNING


def test_guests_of_a_host_are_those_its_metadata_names(driver, fake_conn):
    mine = _spawn(driver)
    other = libvirt_driver.LibvirtDriver(host=driver._host,
                                         image_cache=driver.image_cache)
    other.hostname = 'host2'
    theirs = _spawn(other, fixtures.make_instance(
        id=43, uuid='0a1b2c3d-0000-4000-8000-00000000cafe'))
    assert driver.list_guests_of_host('host1') == {mine.uuid}
    assert other.list_guests_of_host('host2') == {theirs.uuid}
    assert driver.list_instance_dirs() == {mine.uuid, theirs.uuid}
    driver.remove_instance_files(theirs.uuid)
    assert driver.list_instance_dirs() == {mine.uuid}


def test_a_domain_of_the_same_host_name_in_another_cloud_is_not_ours(
        driver, fake_conn, libvirt_conf, tmp_path, caplog):
    """Two clouds on one libvirtd, both with a compute called host1: the
    other cloud's domain names host1 too, but its disks live under the
    other cloud's instances_path, so it is never counted as this one's
    (and logged once, not every poll)."""
    theirs = _spawn(driver)
    libvirt_conf.config(instances_path=str(tmp_path / 'our-instances'))
    assert driver.list_guests_of_host('host1') == set()
    assert driver.list_guests_of_host('host1') == set()
    assert caplog.text.count('never reaped here') == 1
    assert theirs.uuid in caplog.text
    ours = _spawn(driver, fixtures.make_instance(
        id=43, uuid='0a1b2c3d-0000-4000-8000-00000000beef'))
    assert driver.list_guests_of_host('host1') == {ours.uuid}


def test_a_moves_resize_dir_counts_as_the_instances_files(driver):
    """A delete in the middle of a move may leave ``<uuid>_resize/`` on
    the source: the orphan reaper sees it as that uuid's files, and
    removing them takes it too."""
    instance = _spawn(driver)
    resize_dir = libvirt_driver.instance_dir(instance) + '_resize'
    os.makedirs(resize_dir)
    driver.remove_instance_files(instance.uuid)
    os.makedirs(resize_dir)
    assert driver.list_instance_dirs() == {instance.uuid}
    driver.remove_instance_files(instance.uuid)
    assert driver.list_instance_dirs() == set()
    assert not os.path.exists(resize_dir)


def test_rescue_and_unrescue_plug_the_vifs(driver, fake_conn):
    """The rescue domain keeps the server's NICs: their bridges must be
    there before it starts, and again for the way back."""
    instance = _spawn(driver, network_info=[fixtures.VIF])
    driver.rescue(None, instance, [fixtures.VIF], fixtures.image_meta(),
                  'rescue-pw')
    domain = _domain(fake_conn, instance)
    assert domain.state_code == libvirt.VIR_DOMAIN_RUNNING
    driver.unrescue(None, instance, [fixtures.VIF])
    assert driver.vif_driver.plugged == [(instance.uuid,
                                          fixtures.VIF['id'])] * 3
