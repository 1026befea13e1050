"""LibvirtDriver: instances as libvirt/QEMU domains.

spawn follows Nova's order: disk mapping -> ``_create_image`` (cached
image, qcow2 overlay, kernel and ramdisk, config drive) -> XML from
``guest_config`` -> define + start -> wait until libvirt says running.
Whatever a failed spawn made is removed before the error goes up, so a
reschedule leaves nothing on this host.

Files of an instance live in ``instances_path/<uuid>/``: ``disk``
(overlay on the cached image), ``disk.local``, ``disk.swap``,
``disk.config``, ``kernel``, ``ramdisk`` and ``console.log``.
"""

import errno
import os
import shutil

import libvirt
from oslo_concurrency import processutils
from oslo_log import log as logging
from oslo_utils import excutils
from oslo_utils import timeutils
from oslo_utils import uuidutils

from minova.compute import power_state
from minova import concurrency
import minova.conf
from minova import exception
from minova.timeline import spans
from minova.virt import driver
from minova.virt.libvirt import blockinfo
from minova.virt.libvirt import configdrive
from minova.virt.libvirt import disk
from minova.virt.libvirt import firewall
from minova.virt.libvirt import guest as libvirt_guest
from minova.virt.libvirt import guest_config
from minova.virt.libvirt import host as libvirt_host
from minova.virt.libvirt import host_resources
from minova.virt.libvirt import imagecache
from minova.virt.libvirt import move
from minova.virt.libvirt import ownership
from minova.virt.libvirt import rescue as libvirt_rescue
from minova.virt.libvirt import snapshot as libvirt_snapshot
from minova.virt.libvirt import vif as libvirt_vif

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# Nova's limit for console output read from the log file.
MAX_CONSOLE_BYTES = 100 * 1024
# How often a wait re-reads the domain state.
_POLL_INTERVAL = 0.1


instance_dir = move.instance_dir


class LibvirtDriver(driver.ComputeDriver):
    def __init__(self, host=None, image_cache=None, firewall_driver=None,
                 vif_driver=None):
        self._host = host or libvirt_host.Host()
        self.image_cache = image_cache or imagecache.ImageCache()
        self.firewall_driver = firewall_driver or firewall.load()
        self.vif_driver = vif_driver or libvirt_vif.LibvirtVIFDriver()
        self._disk_cachemode = None
        self.hostname = None
        self._ownership = ownership.Ownership()

    # -- the host ---------------------------------------------------------

    def init_host(self, host):
        self.hostname = host
        libvirt_version, hv_version = self._host.get_version()
        domain_types = {t for _arch, t, _os in self._host.get_guest_types()}
        virt_type = CONF.libvirt.virt_type
        if virt_type not in domain_types:
            raise exception.MinovaException(
                '[libvirt] virt_type %s is not available on host %s '
                '(libvirt offers %s)' % (virt_type, host,
                                         ', '.join(sorted(domain_types))))
        if CONF.libvirt.cpu_mode == 'custom' and not CONF.libvirt.cpu_models:
            raise exception.MinovaException(
                '[libvirt] cpu_mode = custom needs [libvirt] cpu_models')
        os.makedirs(CONF.instances_path, exist_ok=True)
        self._disk_cachemode = disk_cachemode(CONF.instances_path)
        warn_if_kvm_device_is_root_only()
        LOG.info('libvirt %s, %s %s at %s; virt_type %s, disk cache %s',
                 _version(libvirt_version), self._host.get_hypervisor_type(),
                 _version(hv_version), self._host.uri, virt_type,
                 self._disk_cachemode)

    def get_available_nodes(self):
        # The service's host name, not libvirt's: two compute services
        # on one machine (as the functional tests run) are two nodes.
        return [self.hostname or CONF.host]

    def get_available_resource(self, nodename):
        return host_resources.get_available_resource(self._host, nodename)

    def list_instance_uuids(self):
        return self._host.list_domain_uuids()

    def list_instances(self):
        return self._host.list_domain_names()

    def list_guests_of_host(self, host):
        """Domains this compute service made: minova's metadata names
        ``host`` and their disks live under instances_path (computes,
        even clouds, may share one libvirtd: see ownership.py)."""
        return self._ownership.guests_of_host(
            self._host.list_domain_xmls(), host, CONF.instances_path)

    def list_unproven_guests(self, host):
        """Domains neither provably ``host``'s nor plainly another's
        (ownership.unproven), for the audit to report."""
        return ownership.unproven(self._host.list_domain_xmls(), host,
                                  CONF.instances_path)

    def list_instance_dirs(self):
        """uuids with a directory under instances_path: ``<uuid>/`` or
        the ``<uuid>_resize/`` a move keeps on its source."""
        try:
            names = os.listdir(CONF.instances_path)
        except FileNotFoundError:
            return set()
        found = set()
        for name in names:
            uuid = name.removesuffix(move.RESIZE_SUFFIX)
            if uuidutils.is_uuid_like(uuid) and \
                    os.path.isdir(os.path.join(CONF.instances_path, name)):
                found.add(uuid)
        return found

    def remove_instance_files(self, uuid):
        """``<uuid>/`` and a move's ``<uuid>_resize/``."""
        for name in (uuid, uuid + move.RESIZE_SUFFIX):
            shutil.rmtree(os.path.join(CONF.instances_path, name),
                          ignore_errors=True)

    # -- spawn ------------------------------------------------------------

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, network_info=None, block_device_info=None):
        watch = timeutils.StopWatch(
            duration=CONF.libvirt.spawn_timeout).start()
        props = image_meta.get('properties') or {}
        machine = blockinfo.machine_type(props, CONF.libvirt.hw_machine_type)
        disk_mapping = blockinfo.get_disk_mapping(instance.flavor, props,
                                                  machine)
        try:
            self._create_image(context, instance, image_meta, disk_mapping,
                               injected_files, admin_password, network_info)
            with spans.span(context, 'libvirt_guest_xml'):
                xml = self._get_guest_xml(instance, image_meta, disk_mapping,
                                          network_info, machine)
            with spans.span(context, 'libvirt_define'):
                # Nova's order: the VIFs' bridges, then the filters,
                # exist before the guest runs.
                self.plug_vifs(instance, network_info)
                self.firewall_driver.setup_basic_filtering(
                    context, instance, network_info)
                self.firewall_driver.prepare_instance_filter(
                    context, instance, network_info)
                guest = libvirt_guest.Guest.define(self._host, xml)
            with spans.span(context, 'libvirt_launch'):
                guest.launch(timeout=max(1, watch.leftover()))
            with spans.span(context, 'libvirt_wait_for_running'):
                self._wait_running(guest, instance, watch)
            self.firewall_driver.apply_instance_filter(context, instance,
                                                       network_info)
        except Exception:
            with excutils.save_and_reraise_exception():
                LOG.error('Spawn failed after %.2fs; removing what it made',
                          watch.elapsed(), instance=instance)
                try:
                    self._cleanup(instance, network_info)
                except Exception:
                    LOG.exception('Cleaning up the failed spawn failed',
                                  instance=instance)
        LOG.info('Domain %s is running; spawn took %.2fs', instance.name,
                 watch.elapsed(), instance=instance)

    def _create_image(self, context, instance, image_meta, disk_mapping,
                      injected_files, admin_password, network_info):
        with timeutils.StopWatch() as watch:
            self._create_disks(context, instance, image_meta, disk_mapping,
                               injected_files, admin_password, network_info)
        LOG.info('Created the disks in %.2fs', watch.elapsed(),
                 instance=instance)

    def _create_disks(self, context, instance, image_meta, disk_mapping,
                      injected_files, admin_password, network_info):
        paths = guest_config.GuestPaths(instance_dir(instance))
        os.makedirs(paths.instance_dir, exist_ok=True)
        flavor = instance.flavor
        with spans.span(context, 'libvirt_image') as details:
            details['cache'] = 'hit' if os.path.exists(os.path.join(
                imagecache.base_dir(), imagecache.cache_name(
                    image_meta['id']))) else 'miss'
            base = self.image_cache.fetch_disk_image(context, image_meta)
        with spans.span(context, 'libvirt_disks') as details:
            disk.create_overlay(paths.path(blockinfo.ROOT_DISK), base,
                                imagecache.disk_format_of(base),
                                _root_disk_size(flavor, base))
            self._create_host_files(context, instance, paths, disk_mapping)
            details['config_drive'] = blockinfo.CONFIG_DISK in disk_mapping
            if details['config_drive']:
                configdrive.make_config_drive(
                    paths.path(blockinfo.CONFIG_DISK), instance,
                    admin_password, injected_files, network_info)

    def _create_blank_overlay(self, path, kind, size_bytes):
        base = self.image_cache.ensure_blank(kind, size_bytes)
        disk.create_overlay(path, base, 'raw', size_bytes)

    def _get_guest_xml(self, instance, image_meta, disk_mapping,
                       network_info, machine):
        conf = guest_config.get_guest_config(
            instance, image_meta, disk_mapping, network_info,
            guest_config.GuestPaths(instance_dir(instance)),
            CONF.libvirt.virt_type, machine,
            cpu_mode=CONF.libvirt.cpu_mode,
            cpu_models=CONF.libvirt.cpu_models,
            cachemode=self._disk_cachemode,
            with_kernel=bool(instance.kernel_id),
            with_ramdisk=bool(instance.ramdisk_id),
            host=self.hostname or CONF.host)
        return conf.to_xml()

    def _launch_and_wait(self, guest, instance, watch):
        """Start the domain and wait until libvirt says running, at most
        until ``watch`` (a StopWatch of [libvirt] spawn_timeout) expires."""
        guest.launch(timeout=max(1, watch.leftover()))
        self._wait_running(guest, instance, watch)

    @staticmethod
    def _wait_running(guest, instance, watch):
        while True:
            state = guest.get_power_state()
            if state == power_state.RUNNING:
                return
            if state in (power_state.SHUTDOWN, power_state.CRASHED):
                raise exception.InstanceDeployFailure(
                    reason='domain %s stopped while starting (power state '
                           '%s)' % (instance.name, state))
            if watch.expired():
                raise exception.InstanceDeployFailure(
                    reason='domain %s not running after %ss' % (
                        instance.name, CONF.libvirt.spawn_timeout))
            concurrency.sleep(_POLL_INTERVAL)

    # -- destroy ----------------------------------------------------------

    def destroy(self, context, instance, network_info=None,
                block_device_info=None):
        with timeutils.StopWatch() as watch:
            self._cleanup(instance, network_info)
        LOG.info('Destroyed the guest and its files in %.2fs',
                 watch.elapsed(), instance=instance)

    def _cleanup(self, instance, network_info=None):
        """Domain, definition, filters and instance directory; whatever
        of them exists. Errors other than "not there" go up."""
        guest = libvirt_guest.Guest(self._host, instance.uuid)
        try:
            guest.poweroff()
            guest.undefine()
        except exception.InstanceNotFound:
            pass
        finally:
            self.firewall_driver.unfilter_instance(instance, network_info)
            # Even if the domain would not go: its files are ours to free.
            try:
                shutil.rmtree(instance_dir(instance))
            except FileNotFoundError:
                pass

    # -- power ------------------------------------------------------------

    def power_off(self, instance, timeout=None, retry_interval=None):
        """ACPI shutdown first, for ``timeout`` seconds ([libvirt]
        shutdown_timeout), then pull the plug; 0 pulls it at once."""
        guest = self._guest(instance)
        timeout = CONF.libvirt.shutdown_timeout if timeout is None \
            else timeout
        if timeout and self._clean_shutdown(guest, instance, timeout,
                                            retry_interval):
            return
        guest.poweroff()
        LOG.info('Powered off the domain', instance=instance)

    def _clean_shutdown(self, guest, instance, timeout, retry_interval):
        """True once the guest powered itself off within ``timeout``."""
        state = guest.get_power_state()
        if state != power_state.RUNNING:
            # Off already, unless paused: a paused guest hears no ACPI.
            return state != power_state.PAUSED
        retry_interval = retry_interval or \
            CONF.libvirt.shutdown_retry_interval
        watch = timeutils.StopWatch(duration=timeout).start()
        next_request = 0
        while not watch.expired():
            if watch.elapsed() >= next_request:
                guest.shutdown()
                next_request += retry_interval
            concurrency.sleep(_POLL_INTERVAL * 5)
            if guest.get_power_state() == power_state.SHUTDOWN:
                LOG.info('Guest shut down cleanly in %.2fs',
                         watch.elapsed(), instance=instance)
                return True
        LOG.warning('Guest did not shut down within %ss', timeout,
                    instance=instance)
        return False

    def power_on(self, context, instance, network_info=None,
                 block_device_info=None):
        # As Nova: a hard reboot, so the domain gets current XML.
        self._hard_reboot(context, instance, network_info)

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        if reboot_type == 'SOFT':
            if self._soft_reboot(instance, network_info):
                return
            LOG.warning('Soft reboot failed; rebooting hard',
                        instance=instance)
        self._hard_reboot(context, instance, network_info)

    def _soft_reboot(self, instance, network_info=None):
        """Shut down through ACPI and start again; False if the guest
        would not shut down (the caller then reboots hard)."""
        guest = self._guest(instance)
        if guest.get_power_state() != power_state.RUNNING:
            return False
        if not self._clean_shutdown(guest, instance,
                                    CONF.libvirt.shutdown_timeout, None):
            return False
        self._launch_and_wait(guest, instance, timeutils.StopWatch(
            duration=CONF.libvirt.spawn_timeout).start())
        # A new tap: hairpin again (the filters match it by name).
        self.firewall_driver.apply_instance_filter(None, instance,
                                                   network_info)
        LOG.info('Soft rebooted the guest', instance=instance)
        return True

    def _hard_reboot(self, context, instance, network_info):
        """Pull the plug, redefine the domain from current XML (network
        changes, config), start it and wait until it runs. A domain that
        vanished is defined anew from the instance's disks, as Nova's
        hard reboot does."""
        watch = timeutils.StopWatch(
            duration=CONF.libvirt.spawn_timeout).start()
        guest = libvirt_guest.Guest(self._host, instance.uuid)
        if guest.exists():
            guest.poweroff()
            # A suspended guest's memory image would come back with the
            # old XML: a hard reboot boots afresh, as Nova's does.
            guest.discard_saved_memory()
        elif os.path.isdir(instance_dir(instance)):
            # Undefined behind our back: its disks are all it takes.
            LOG.warning('The domain is gone; re-creating it from the '
                        'instance\'s disks', instance=instance)
        else:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        self.ensure_filtering_rules_for_instance(context, instance,
                                                 network_info)
        guest = self._define_from_instance(instance, network_info)
        self._launch_and_wait(guest, instance, watch)
        self.firewall_driver.apply_instance_filter(context, instance,
                                                   network_info)
        LOG.info('Hard rebooted the guest in %.2fs', watch.elapsed(),
                 instance=instance)

    def _define_from_instance(self, instance, network_info):
        """(Re)define the domain from the instance as it is now (flavor,
        image properties in system_metadata, VIFs) over the files that
        are already in its directory."""
        image_meta = guest_config.image_meta_from_instance(instance)
        props = image_meta['properties']
        machine = blockinfo.machine_type(props, CONF.libvirt.hw_machine_type)
        disk_mapping = blockinfo.get_disk_mapping(instance.flavor, props,
                                                  machine)
        missing = [name for name in disk_mapping if not os.path.exists(
            os.path.join(instance_dir(instance), name))]
        if missing:
            raise exception.InstanceRebootFailure(
                reason='disk files %s of the instance are gone' % missing)
        xml = self._get_guest_xml(instance, image_meta, disk_mapping,
                                  network_info, machine)
        self.plug_vifs(instance, network_info)
        return libvirt_guest.Guest.define(self._host, xml)

    # -- pause, suspend, crash dump --------------------------------------

    def pause(self, instance):
        self._guest(instance).pause()
        LOG.info('Paused the guest', instance=instance)

    def unpause(self, instance):
        self._guest(instance).unpause()
        LOG.info('Unpaused the guest', instance=instance)

    def suspend(self, context, instance):
        """libvirt's managed save: memory to disk, qemu gone."""
        with timeutils.StopWatch() as watch:
            self._guest(instance).save_memory()
        LOG.info('Suspended the guest (managed save) in %.2fs',
                 watch.elapsed(), instance=instance)

    def resume(self, context, instance, network_info=None):
        """Starting the domain restores its managed save image."""
        watch = timeutils.StopWatch(
            duration=CONF.libvirt.spawn_timeout).start()
        guest = self._guest(instance)
        self.plug_vifs(instance, network_info)
        self._launch_and_wait(guest, instance, watch)
        LOG.info('Resumed the guest in %.2fs', watch.elapsed(),
                 instance=instance)

    def trigger_crash_dump(self, instance):
        guest = self._guest(instance)
        try:
            guest.inject_nmi()
        except libvirt.libvirtError as error:
            code = error.get_error_code()
            if code == libvirt.VIR_ERR_NO_SUPPORT:
                raise exception.TriggerCrashDumpNotSupported()
            if code == libvirt.VIR_ERR_OPERATION_INVALID:
                raise exception.InstanceNotRunning(
                    instance_id=instance.uuid)
            raise
        LOG.info('Injected an NMI', instance=instance)

    # -- VIFs and firewall ------------------------------------------------

    def plug_vifs(self, instance, network_info):
        """The host side of the guest's VIFs (their bridges), as Nova's
        ``plug_vifs``: before a domain starts, and at init_host."""
        self.vif_driver.plug_vifs(instance, network_info)

    def unplug_vifs(self, instance, network_info):
        self.vif_driver.unplug_vifs(instance, network_info)

    def ensure_filtering_rules_for_instance(self, context, instance,
                                            network_info):
        """(Re)build the guest's filters from the database: after a
        restart of this service, before a reboot. The seed's whole order
        when the guest runs: its tap exists, so hairpin goes on it too
        (a host that lost the filters lost that as well)."""
        self.firewall_driver.setup_basic_filtering(context, instance,
                                                   network_info)
        self.firewall_driver.prepare_instance_filter(context, instance,
                                                     network_info)
        if self._has_taps(instance):
            self.firewall_driver.apply_instance_filter(context, instance,
                                                       network_info)

    def _has_taps(self, instance):
        """libvirt made the guest's taps: its domain is active."""
        guest = libvirt_guest.Guest(self._host, instance.uuid)
        return guest.exists() and guest.get_power_state() in (
            power_state.RUNNING, power_state.PAUSED, power_state.SUSPENDED)

    def refresh_instance_security_rules(self, context, instance,
                                        network_info):
        self.firewall_driver.refresh_instance_security_rules(
            context, instance, network_info)

    def _guest(self, instance):
        guest = libvirt_guest.Guest(self._host, instance.uuid)
        if not guest.exists():
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return guest

    # -- moves between hosts (virt/libvirt/move.py, doc/moves.md) ---------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, timeout=None):
        """Source: power off, undefine (the destination defines the
        domain anew; one libvirtd may serve both in tests), keep the
        files in ``<uuid>_resize/`` and flatten the disks to be read."""
        self.power_off(instance, timeout=timeout)
        guest = self._guest(instance)
        guest.undefine()
        try:
            return move.prepare_source(instance)
        except Exception:
            with excutils.save_and_reraise_exception():
                self._define_from_instance(instance, network_info)

    def read_migration_disk(self, instance, name, offset, length):
        return move.read_chunk(instance, name, offset, length)

    def finish_migration(self, context, migration, instance, flavor,
                         disk_info, network_info, read, power_on=True):
        """Destination: the disks from the source, grown to ``flavor``,
        the other files made here, the domain defined (and started)."""
        moved = instance.obj_clone()
        moved.flavor = flavor
        try:
            move.pull(moved, disk_info, read)
            move.grow_root_disk(moved, flavor)
            self._make_local_files(context, moved, disk_info)
            self._start_moved(moved, network_info, power_on)
        except Exception:
            with excutils.save_and_reraise_exception():
                LOG.error('Finishing the move failed; removing what it '
                          'made here', instance=instance)
                self._cleanup(instance)

    def _make_local_files(self, context, instance, disk_info):
        """What does not move: swap, a missing ephemeral disk, kernel
        and ramdisk (from this host's image cache)."""
        moved = {item['name'] for item in disk_info['files']}
        image_meta = guest_config.image_meta_from_instance(instance)
        props = image_meta['properties']
        mapping = blockinfo.get_disk_mapping(
            instance.flavor, props,
            blockinfo.machine_type(props, CONF.libvirt.hw_machine_type))
        paths = guest_config.GuestPaths(instance_dir(instance))
        self._create_host_files(context, instance, paths, mapping, moved)

    def _create_host_files(self, context, instance, paths, disk_mapping,
                           moved=()):
        """The files each host makes for itself: a blank ephemeral disk
        (unless one ``moved`` here), swap, and the kernel and ramdisk from
        this host's image cache."""
        flavor = instance.flavor
        if blockinfo.EPHEMERAL_DISK in disk_mapping and \
                blockinfo.EPHEMERAL_DISK not in moved:
            self._create_blank_overlay(paths.path(blockinfo.EPHEMERAL_DISK),
                                       'ext4', flavor.ephemeral_gb * disk.GiB)
        if blockinfo.SWAP_DISK in disk_mapping:
            self._create_blank_overlay(paths.path(blockinfo.SWAP_DISK),
                                       'swap', flavor.swap * 1024 * 1024)
        if instance.kernel_id:
            imagecache.link_or_copy(self.image_cache.fetch_file(
                context, instance.kernel_id), paths.kernel)
        if instance.ramdisk_id:
            imagecache.link_or_copy(self.image_cache.fetch_file(
                context, instance.ramdisk_id), paths.ramdisk)

    def _start_moved(self, instance, network_info, power_on):
        guest = self._define_from_instance(instance, network_info)
        if power_on:
            self._launch_and_wait(guest, instance, timeutils.StopWatch(
                duration=CONF.libvirt.spawn_timeout).start())

    def confirm_migration(self, context, migration, instance):
        """Source: the kept files go (the domain went at the move)."""
        move.drop_source(instance)

    def finish_revert_migration(self, context, instance, old_flavor,
                                network_info, power_on=True):
        """Source: the kept files back in place, the domain defined with
        the old flavor and started as it was."""
        old = instance.obj_clone()
        old.flavor = old_flavor
        move.restore_source(old)
        self._start_moved(old, network_info, power_on)

    def destroy_evacuated(self, context, instance):
        """Source, back after an evacuation: our domain of the instance
        (not one another host on this libvirtd defined) and our files."""
        guest = libvirt_guest.Guest(self._host, instance.uuid)
        try:
            if move.owns(guest.get_xml_desc()):
                guest.poweroff()
                guest.undefine()
            else:
                LOG.info('The domain of %s now belongs to another host; '
                         'leaving it', instance.uuid)
        except exception.InstanceNotFound:
            pass
        for path in (instance_dir(instance), move.resize_dir(instance)):
            shutil.rmtree(path, ignore_errors=True)

    # What the snapshot and rescue modules use of the driver.
    guest_of = _guest
    launch_and_wait = _launch_and_wait

    @property
    def libvirt_host(self):
        return self._host

    @property
    def disk_cachemode(self):
        return self._disk_cachemode

    # -- images from guests, rescue ---------------------------------------

    def snapshot(self, context, instance, image_id, update_task_state):
        libvirt_snapshot.snapshot(self, context, instance, image_id,
                                  update_task_state, instance_dir(instance))

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        libvirt_rescue.rescue(self, context, instance, network_info,
                              image_meta, rescue_password,
                              instance_dir(instance))

    def unrescue(self, context, instance, network_info):
        libvirt_rescue.unrescue(self, context, instance, network_info,
                                instance_dir(instance))

    # -- state and console ------------------------------------------------

    def get_info(self, instance):
        """The power state; NOSTATE for a domain that is gone, which the
        power-state sync then shows as stopped."""
        try:
            state = libvirt_guest.Guest(self._host,
                                        instance.uuid).get_power_state()
        except exception.InstanceNotFound:
            state = power_state.NOSTATE
        return driver.InstanceInfo(state)

    def get_host_uptime(self):
        """``uptime`` in the C locale, as Nova's libvirt driver runs it."""
        out, _err = processutils.execute('env', 'LANG=C', 'uptime')
        return out

    def get_console_output(self, context, instance):
        """The last 100 KiB the guest wrote to its serial console."""
        if not os.path.isdir(instance_dir(instance)):
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        path = guest_config.GuestPaths(instance_dir(instance)).console_log
        try:
            with open(path, 'rb') as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - MAX_CONSOLE_BYTES))
                data = log.read()
        except FileNotFoundError:
            return ''
        return data.decode('utf-8', errors='replace')


def _root_disk_size(flavor, base):
    """The flavor's root disk size; the image's own when the flavor has
    none (root_gb 0). Never smaller than the image."""
    image_size = imagecache.virtual_size_of(base)
    if not flavor.root_gb:
        return image_size
    size = flavor.root_gb * disk.GiB
    if size < image_size:
        raise exception.FlavorDiskSmallerThanImage(flavor_size=size,
                                                   image_size=image_size)
    return size


def _version(number):
    """9000000 -> '9.0.0'."""
    return '%d.%d.%d' % (number // 1000000, number // 1000 % 1000,
                         number % 1000)


def warn_if_kvm_device_is_root_only(path='/dev/kvm'):
    """Without udev (containers), /dev/kvm stays root:root 0600. libvirtd
    then finds KVM when it probes QEMU as root but not for the QEMU user,
    judges its cached probe stale and probes again on every domain
    start: seconds per start, even with virt_type = qemu."""
    try:
        mode = os.stat(path)
    except FileNotFoundError:
        return
    if mode.st_gid == 0 and not mode.st_mode & 0o066:
        LOG.warning('%s is accessible to root only: libvirtd will re-probe '
                    'QEMU on every domain start (slow). Give it group kvm, '
                    'mode 0660, as udev does.', path)


def disk_cachemode(path):
    """``none`` (O_DIRECT, no host page cache: what Nova prefers) where
    the file system supports it, else ``writethrough`` (tmpfs)."""
    test_file = os.path.join(path, '.directio.test')
    try:
        fd = os.open(test_file, os.O_CREAT | os.O_WRONLY | os.O_DIRECT)
        os.close(fd)
        return 'none'
    except OSError as error:
        if error.errno != errno.EINVAL:
            raise
        return 'writethrough'
    finally:
        try:
            os.unlink(test_file)
        except OSError:
            pass
