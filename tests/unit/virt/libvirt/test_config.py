"""The domain XML: golden files for the guests minova builds, and names
from users that try to break out of their element."""

import datetime
import os
from xml.etree import ElementTree as etree

from oslo_utils import timeutils
import pytest

from minova.compute import image_record
from minova.virt.libvirt import blockinfo
from minova.virt.libvirt import config as vconfig
from minova.virt.libvirt import guest_config
from tests.unit.virt.libvirt import conftest as fixtures

GOLDEN = os.path.join(os.path.dirname(__file__), 'golden')
INSTANCE_DIR = '/var/lib/minova/instances/' + fixtures.INSTANCE_UUID
NS = {'minova': vconfig.METADATA_NAMESPACE}


@pytest.fixture(autouse=True)
def fixed_time():
    timeutils.set_time_override(datetime.datetime(2024, 5, 4, 3, 2, 1))
    yield
    timeutils.clear_time_override()


def render(instance, image_meta, network_info=(), virt_type='kvm',
           machine='pc', **kwargs):
    props = image_meta['properties']
    mapping = blockinfo.get_disk_mapping(instance.flavor, props, machine)
    conf = guest_config.get_guest_config(
        instance, image_meta, mapping, list(network_info),
        guest_config.GuestPaths(INSTANCE_DIR), virt_type, machine,
        with_kernel=bool(props.get('kernel_id')),
        with_ramdisk=bool(props.get('ramdisk_id')), **kwargs)
    return conf.to_xml()


def golden(name, xml):
    """Compare with golden/<name>; MINOVA_REGENERATE_GOLDEN=1 rewrites."""
    path = os.path.join(GOLDEN, name)
    if os.environ.get('MINOVA_REGENERATE_GOLDEN'):
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, 'w') as out:
            out.write(xml)
    with open(path) as expected:
        assert xml == expected.read()


def test_kernel_guest_under_kvm(libvirt_conf):
    flavor = fixtures.make_flavor(vcpus=2, ephemeral_gb=1, swap=64)
    instance = fixtures.make_instance(flavor)
    golden('kernel_guest_kvm.xml', render(
        instance, fixtures.image_meta(), [fixtures.VIF],
        cachemode='none'))


def test_disk_guest_under_qemu_on_q35(libvirt_conf):
    instance = fixtures.make_instance(kernel_id=None, ramdisk_id=None)
    meta = fixtures.image_meta(kernel_id=None, ramdisk_id=None,
                               os_command_line=None)
    golden('disk_guest_qemu_q35.xml', render(
        instance, meta, virt_type='qemu', machine='q35',
        cachemode='writethrough'))


def test_custom_cpu_model(libvirt_conf):
    xml = render(fixtures.make_instance(), fixtures.image_meta(),
                 cpu_mode='custom', cpu_models=['Haswell-noTSX'])
    cpu = etree.fromstring(xml).find('cpu')
    assert cpu.get('mode') == 'custom' and cpu.get('match') == 'exact'
    assert cpu.findtext('model') == 'Haswell-noTSX'


HOSTILE = ['web <1> & "two" \'three\' ]]>',
           '</minova:name></minova:instance></metadata><devices>'
           '<disk type="file"><source file="/etc/shadow"/></disk>',
           '<![CDATA[ x ]]>', '&amp; &#60; &lt;']


@pytest.mark.parametrize('name', HOSTILE)
def test_user_names_cannot_break_out_of_their_element(libvirt_conf, name):
    instance = fixtures.make_instance(display_name=name, user_id=name,
                                      project_id=name)
    xml = render(instance, fixtures.image_meta())
    root = etree.fromstring(xml)  # still well-formed
    meta = root.find('metadata/minova:instance', NS)
    assert meta.findtext('minova:name', namespaces=NS) == name
    assert meta.find('minova:owner/minova:user', NS).get('uuid') == name
    assert meta.find('minova:owner/minova:project', NS).text == name
    # Nothing was added: one devices element with minova's disks only.
    assert len(root.findall('devices')) == 1
    sources = [d.find('source').get('file')
               for d in root.findall('devices/disk')]
    assert all(s.startswith(INSTANCE_DIR) for s in sources)
    assert root.findtext('name') == 'instance-0000002a'


def test_characters_xml_cannot_hold_are_replaced(libvirt_conf):
    instance = fixtures.make_instance(display_name='bell\x07null\x00end')
    root = etree.fromstring(render(instance, fixtures.image_meta()))
    assert root.find('metadata/minova:instance/minova:name',
                     NS).text == 'bell\ufffdnull\ufffdend'


def test_metadata_declares_its_namespace_on_itself():
    meta = vconfig.LibvirtConfigGuestMetaInstance(name='x')
    xml = meta.to_xml()
    assert xml.startswith('<minova:instance xmlns:minova="%s">'
                          % vconfig.METADATA_NAMESPACE)


def test_image_meta_from_system_metadata():
    instance = fixtures.make_instance()
    meta = image_record.image_meta_from_instance(instance)
    assert meta['id'] == fixtures.IMAGE_ID
    assert meta['disk_format'] == 'qcow2'
    assert meta['min_disk'] == '1'
    assert meta['properties'] == {'kernel_id': fixtures.KERNEL_ID,
                                  'ramdisk_id': fixtures.RAMDISK_ID,
                                  'os_command_line': 'console=ttyS0'}
