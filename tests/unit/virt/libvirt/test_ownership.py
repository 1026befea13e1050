"""minova.virt.libvirt.ownership: a domain is this compute's only when
its metadata names the host and every disk is a file under
instances_path."""

from xml.etree import ElementTree as etree

import pytest

from minova.virt.libvirt import config as vconfig
from minova.virt.libvirt import ownership


@pytest.mark.parametrize('sources, verdict', [
    ([('file', '{ip}/u/disk'), ('file', '{ip}/u/disk.config')], 'ours'),
    ([('file', '{ip}/u/disk'), ('file', '/elsewhere/u/disk')], 'unproven'),
    ([('file', '{ip}/../x/u/disk')], 'unproven'),
    ([('file', '{ip}')], 'unproven'),
    ([('block', '{ip}/u/disk')], 'unproven'),
    ([('file', None)], 'unproven'),
    ([], 'unproven'),
])
def test_ownership_wants_every_disk_under_instances_path(tmp_path, sources,
                                                         verdict):
    instances_path = str(tmp_path / 'instances')
    guest = vconfig.LibvirtConfigGuest()
    guest.virt_type, guest.name = 'qemu', 'instance-00000001'
    guest.uuid = '0a1b2c3d-0000-4000-8000-000000000001'
    guest.metadata.append(vconfig.LibvirtConfigGuestMetaInstance(
        name='vm', host='host1'))
    xml = etree.fromstring(guest.to_xml())
    devices = xml.find('devices')
    if devices is None:
        devices = etree.SubElement(xml, 'devices')
    for kind, path in sources:
        disk = etree.SubElement(devices, 'disk', type=kind, device='disk')
        if path is not None:
            etree.SubElement(disk, 'source', **{
                'file' if kind == 'file' else 'dev':
                    path.format(ip=instances_path)})
    xml = etree.tostring(xml, encoding='unicode')
    assert ownership.classify(xml, 'host1', instances_path) == verdict
    assert ownership.classify(xml, 'host2', instances_path) == 'foreign'
