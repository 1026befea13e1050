"""Which disk goes on which bus under which name."""

import pytest

from minova import exception
from minova.virt.libvirt import blockinfo
from tests.unit.virt.libvirt import conftest as fixtures


def _mapping(props=None, machine='pc', **flavor):
    return {name: tuple(info) for name, info in blockinfo.get_disk_mapping(
        fixtures.make_flavor(**flavor), props or {}, machine).items()}


def test_root_disk_and_config_drive_on_pc():
    assert _mapping() == {'disk': ('virtio', 'vda', 'disk'),
                          'disk.config': ('ide', 'hda', 'cdrom')}


def test_ephemeral_and_swap_follow_the_root_disk():
    assert list(_mapping(ephemeral_gb=1, swap=512).items()) == [
        ('disk', ('virtio', 'vda', 'disk')),
        ('disk.local', ('virtio', 'vdb', 'disk')),
        ('disk.swap', ('virtio', 'vdc', 'disk')),
        ('disk.config', ('ide', 'hda', 'cdrom'))]


def test_q35_has_no_ide_so_the_config_drive_goes_on_virtio_scsi():
    assert _mapping(machine='q35')['disk.config'] == ('scsi', 'sda',
                                                      'cdrom')
    assert blockinfo.is_i440fx('pc-i440fx-7.2')
    assert not blockinfo.is_i440fx('pc-q35-7.2')


def test_image_properties_choose_buses():
    mapping = _mapping({'hw_disk_bus': 'scsi', 'hw_cdrom_bus': 'scsi'})
    assert mapping == {'disk': ('scsi', 'sda', 'disk'),
                       'disk.config': ('scsi', 'sdb', 'cdrom')}
    assert blockinfo.machine_type({'hw_machine_type': 'q35'}, 'pc') == 'q35'
    assert blockinfo.machine_type({}, 'pc') == 'pc'


@pytest.mark.parametrize('props', [{'hw_disk_bus': 'floppy'},
                                   {'hw_cdrom_bus': 'virtio'}])
def test_unknown_buses_are_refused(props):
    with pytest.raises(exception.UnsupportedHardware):
        _mapping(props)
