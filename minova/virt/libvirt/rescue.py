"""Rescue and unrescue of a libvirt guest, as Nova's driver does them.

rescue keeps the domain's current XML as ``unrescue.xml`` in the
instance directory, makes ``disk.rescue`` (an overlay on the rescue
image), ``kernel.rescue``/``ramdisk.rescue`` when the rescue image has
them and ``disk.config.rescue`` (with the rescue password), and boots a
domain with the rescue disk first and the instance's own ``disk``
second. unrescue boots the kept XML again and removes the rescue files.
"""

import os

from oslo_utils import timeutils

from minova import exception
import minova.conf
from minova.virt.libvirt import blockinfo
from minova.virt.libvirt import configdrive
from minova.virt.libvirt import disk
from minova.virt.libvirt import guest as libvirt_guest
from minova.virt.libvirt import guest_config
from minova.virt.libvirt import imagecache

CONF = minova.conf.CONF

UNRESCUE_XML = 'unrescue.xml'
RESCUE_SUFFIX = '.rescue'


def _rescue_files(paths):
    return [paths.path(UNRESCUE_XML), paths.path(blockinfo.RESCUE_DISK),
            paths.path(blockinfo.RESCUE_CONFIG_DISK), paths.kernel,
            paths.ramdisk]


def rescue(driver, context, instance, network_info, image_meta,
           rescue_password, instance_dir):
    paths = guest_config.GuestPaths(instance_dir, RESCUE_SUFFIX)
    guest = driver.guest_of(instance)
    with open(paths.path(UNRESCUE_XML), 'w') as xml_file:
        xml_file.write(guest.get_xml())
    guest.poweroff()
    props = image_meta.get('properties') or {}
    machine = blockinfo.machine_type(props, CONF.libvirt.hw_machine_type)
    mapping = blockinfo.get_rescue_disk_mapping(props, machine)
    base = driver.image_cache.fetch_disk_image(context, image_meta)
    disk.create_overlay(paths.path(blockinfo.RESCUE_DISK), base,
                        imagecache.disk_format_of(base),
                        imagecache.virtual_size_of(base))
    for key, path in (('kernel_id', paths.kernel),
                      ('ramdisk_id', paths.ramdisk)):
        if props.get(key) and not os.path.exists(path):
            imagecache.link_or_copy(
                driver.image_cache.fetch_file(context, props[key]), path)
    configdrive.make_config_drive(paths.path(blockinfo.RESCUE_CONFIG_DISK),
                                  instance, rescue_password, [],
                                  network_info)
    conf = guest_config.get_guest_config(
        instance, image_meta, mapping, network_info, paths,
        CONF.libvirt.virt_type, machine, cpu_mode=CONF.libvirt.cpu_mode,
        cpu_models=CONF.libvirt.cpu_models, cachemode=driver.disk_cachemode,
        with_kernel=bool(props.get('kernel_id')),
        with_ramdisk=bool(props.get('ramdisk_id')))
    _boot(driver, instance, conf.to_xml(), network_info)


def unrescue(driver, context, instance, network_info, instance_dir):
    paths = guest_config.GuestPaths(instance_dir, RESCUE_SUFFIX)
    try:
        with open(paths.path(UNRESCUE_XML)) as xml_file:
            xml = xml_file.read()
    except FileNotFoundError:
        raise exception.InstanceNotRescuable(
            instance_id=instance.uuid,
            reason='its unrescue.xml is gone')
    driver.guest_of(instance).poweroff()
    _boot(driver, instance, xml, network_info)
    for path in _rescue_files(paths):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def _boot(driver, instance, xml, network_info):
    # The rescue domain has the server's own NICs: their bridges first,
    # as for any domain start (a host reboot may have taken them).
    driver.plug_vifs(instance, network_info)
    guest = libvirt_guest.Guest.define(driver.libvirt_host, xml)
    driver.launch_and_wait(guest, instance, timeutils.StopWatch(
        duration=CONF.libvirt.spawn_timeout).start())
