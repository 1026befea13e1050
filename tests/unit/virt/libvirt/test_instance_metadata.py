"""The documents of the config drive, and the drive itself."""

import base64
import json
import os

from minova.virt.libvirt import configdrive
from minova.virt.libvirt import instance_metadata
from minova.virt.libvirt import vif as libvirt_vif
from tests.unit.virt.libvirt import conftest as fixtures


def test_meta_data_has_what_the_guest_reads():
    instance = fixtures.make_instance()
    meta = instance_metadata.meta_data(instance, 'secret',
                                       [('/etc/motd', b'hello')])
    assert meta['uuid'] == fixtures.INSTANCE_UUID
    assert meta['hostname'] == 'web-one'
    assert meta['name'] == 'web one'
    assert meta['meta'] == {'role': 'web'}
    assert meta['public_keys'] == {
        'alice-key': 'ssh-ed25519 AAAAC3Nz alice@x'}
    assert meta['keys'] == [{'name': 'alice-key', 'type': 'ssh',
                             'data': 'ssh-ed25519 AAAAC3Nz alice@x'}]
    assert meta['admin_pass'] == 'secret'
    assert meta['files'] == [{'path': '/etc/motd',
                              'content_path': '/content/0000'}]
    assert len(base64.b64decode(meta['random_seed'])) == 512


def test_user_data_is_decoded():
    instance = fixtures.make_instance(
        user_data=base64.b64encode(b'#!/bin/sh\necho hi\n').decode())
    assert instance_metadata.user_data(instance) == b'#!/bin/sh\necho hi\n'
    assert instance_metadata.user_data(fixtures.make_instance()) is None


def test_network_data_from_a_static_vif():
    assert instance_metadata.network_data([fixtures.VIF]) == {
        'links': [{'id': 'tap7d2c5b0e-1f',
                   'vif_id': fixtures.VIF['id'], 'type': 'bridge',
                   'mtu': None,
                   'ethernet_mac_address': 'fa:16:3e:11:22:33'}],
        'networks': [{'id': 'network0', 'type': 'ipv4',
                      'link': 'tap7d2c5b0e-1f',
                      'network_id': fixtures.VIF['network']['id'],
                      'ip_address': '10.0.0.5',
                      'netmask': '255.255.255.0',
                      'routes': [{'network': '0.0.0.0',
                                  'netmask': '0.0.0.0',
                                  'gateway': '10.0.0.1'}],
                      'services': [{'type': 'dns',
                                    'address': '192.0.2.53'}]}],
        'services': [{'type': 'dns', 'address': '192.0.2.53'}]}


def test_network_data_from_a_dhcp_vif_and_plain_strings():
    vif = json.loads(json.dumps(fixtures.VIF))
    subnet = vif['network']['subnets'][0]
    subnet['meta'] = {'dhcp_server': '10.0.0.1'}
    subnet['dns'] = ['192.0.2.53']   # strings, as the issue sketches
    subnet['gateway'] = '10.0.0.1'
    data = instance_metadata.network_data([vif])
    assert data['networks'] == [{'id': 'network0', 'type': 'ipv4_dhcp',
                                 'link': 'tap7d2c5b0e-1f',
                                 'network_id': vif['network']['id']}]
    assert data['services'] == [{'type': 'dns', 'address': '192.0.2.53'}]


def test_no_vifs_no_networks():
    assert instance_metadata.network_data([]) == {
        'links': [], 'networks': [], 'services': []}


def test_interface_of_a_vif():
    conf = libvirt_vif.get_config(fixtures.VIF)
    xml = conf.to_xml()
    assert '<source bridge="br100" />' in xml
    assert '<mac address="fa:16:3e:11:22:33" />' in xml
    assert '<target dev="tap7d2c5b0e-1f" />' in xml
    assert '<model type="virtio" />' in xml
    assert libvirt_vif.devname({'id': 'abcdef01-2345'}) == 'tapabcdef01-23'


def test_config_drive_tree(tmp_path):
    instance = fixtures.make_instance(
        user_data=base64.b64encode(b'hello').decode())
    configdrive.write_tree(str(tmp_path), instance, None,
                           [('/etc/motd', b'motd')], [fixtures.VIF])
    latest = tmp_path / 'openstack' / 'latest'
    assert sorted(os.listdir(latest)) == [
        'meta_data.json', 'network_data.json', 'user_data',
        'vendor_data.json']
    assert json.loads((latest / 'meta_data.json').read_text())[
        'uuid'] == fixtures.INSTANCE_UUID
    assert json.loads((latest / 'network_data.json').read_text())[
        'links'][0]['ethernet_mac_address'] == 'fa:16:3e:11:22:33'
    assert (latest / 'user_data').read_bytes() == b'hello'
    assert (tmp_path / 'openstack' / 'content' /
            '0000').read_bytes() == b'motd'


def test_config_drive_iso_is_labelled_config_2(libvirt_conf, tmp_path):
    path = str(tmp_path / 'disk.config')
    configdrive.make_config_drive(path, fixtures.make_instance())
    with open(path, 'rb') as iso:
        iso.seek(16 * 2048)   # the primary volume descriptor
        descriptor = iso.read(2048)
    assert descriptor[1:6] == b'CD001'
    assert descriptor[40:72].rstrip() == b'config-2'
    assert os.listdir(tmp_path) == ['disk.config']  # tree removed
