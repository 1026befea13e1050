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


def _domain(uuid, host, paths):
    guest = vconfig.LibvirtConfigGuest()
    guest.virt_type, guest.name, guest.uuid = 'qemu', 'd-' + uuid[-4:], uuid
    if host is not None:
        guest.metadata.append(vconfig.LibvirtConfigGuestMetaInstance(
            name='vm', host=host))
    xml = etree.fromstring(guest.to_xml())
    devices = xml.find('devices')
    if devices is None:
        devices = etree.SubElement(xml, 'devices')
    for path in paths:
        disk = etree.SubElement(devices, 'disk', type='file', device='disk')
        etree.SubElement(disk, 'source', file=path)
    return etree.tostring(xml, encoding='unicode')


def test_unproven_lists_both_halves_of_a_failed_proof(tmp_path):
    """This host's name with disks elsewhere, or disks here with another
    name (or none): unproven. Ours, or another's on other disks: not."""
    ip = str(tmp_path / 'instances')
    domains = {
        'u-ours': _domain('u-ours', 'host1', [ip + '/u-ours/disk']),
        'u-name': _domain('u-name', 'host1', ['/elsewhere/u-name/disk']),
        'u-disk': _domain('u-disk', 'host2', [ip + '/u-disk/disk']),
        'u-bare': _domain('u-bare', None, ['/x/disk', ip + '/u-bare/d']),
        'u-them': _domain('u-them', 'host2', ['/elsewhere/u-them/disk']),
        'u-none': _domain('u-none', None, ['/elsewhere/u-none/disk']),
    }
    found = ownership.unproven(domains, 'host1', ip)
    assert sorted(found) == ['u-bare', 'u-disk', 'u-name']
    assert {uuid: entry['host'] for uuid, entry in found.items()} == {
        'u-bare': None, 'u-disk': 'host2', 'u-name': 'host1'}
    assert found['u-name']['detail'] == (
        'names host host1 in its metadata but its disks '
        '(/elsewhere/u-name/disk) are not all under %s' % ip)
    assert found['u-disk']['detail'].endswith('its metadata names host '
                                              'host2')
    assert found['u-bare']['detail'].endswith('its metadata names no host')
