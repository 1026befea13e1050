"""The metadata service: the asking instance's OpenStack and EC2 trees,
and nothing for a request that proves no identity or names another."""

import json

import pytest
import webob

from minova.api.metadata import app as metadata_app
from minova.api.metadata import lookup
from minova.network import api as network_api
from minova.network import manager as network_manager
from minova.network import driver
from minova.objects import base as objects_base
from tests.unit.api import fakes

SECRET = 's3cret'


@pytest.fixture
def guest(db, monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)
    ctx = fakes.admin_ctx()
    network = network_api.API().create(ctx, 'private', '10.0.0.0/24',
                                       'br-private')
    inst = fakes.instance(key_name='k', key_data='ssh-ed25519 AAAA k',
                          hostname='vm1', display_name='vm1',
                          user_data='aGVsbG8=', reservation_id='r-1',
                          launch_index=0)
    manager = network_manager.NetworkManager(driver=driver.NoopDriver())
    [vif] = manager.allocate_for_instance(ctx, inst.uuid, None, 'h')
    inst.address = vif['network']['subnets'][0]['ips'][0]['address']
    inst.network = network
    return inst


def _get(path, headers=None, trusted=False):
    req = webob.Request.blank(path, headers=headers or {})
    if trusted:
        req.environ[metadata_app.TRUSTED] = True
    return req.get_response(metadata_app.MetadataApp(secret=SECRET))


def _as_guest(guest, path, address=None):
    return _get(path, {'X-Forwarded-For': address or guest.address,
                       'X-Minova-Network-ID': guest.network.uuid},
                trusted=True)


def test_openstack_tree(guest):
    resp = _as_guest(guest, '/openstack/latest/meta_data.json')
    assert resp.status_int == 200, resp.text
    meta = json.loads(resp.text)
    assert meta['uuid'] == guest.uuid and meta['hostname'] == 'vm1'
    assert meta['public_keys'] == {'k': 'ssh-ed25519 AAAA k'}
    assert _as_guest(guest, '/openstack/latest/user_data').body == b'hello'
    network = json.loads(_as_guest(
        guest, '/openstack/latest/network_data.json').text)
    assert network['networks'][0]['type'] == 'ipv4_dhcp'
    assert _as_guest(guest, '/openstack/latest/vendor_data.json').text == \
        '{}'
    listing = _as_guest(guest, '/openstack/latest/').text.split('\n')
    assert 'meta_data.json' in listing and 'user_data' in listing


def test_ec2_tree(guest):
    base = '/latest/meta-data/'
    assert _as_guest(guest, base + 'local-ipv4').text == guest.address
    assert _as_guest(guest, base + 'hostname').text == 'vm1'
    assert _as_guest(guest, base + 'public-keys/').text == '0=k'
    assert _as_guest(guest, base + 'public-keys/0/').text == 'openssh-key'
    assert _as_guest(guest, base + 'public-keys/0/openssh-key').text == \
        'ssh-ed25519 AAAA k'
    assert _as_guest(guest, '/2009-04-04/user-data').body == b'hello'
    assert 'instance-id' in _as_guest(guest, base).text.split('\n')
    assert _as_guest(guest, base + 'nope').status_int == 404


def test_only_the_asking_guest(guest):
    # Another address on the network holds no instance: 404.
    assert _as_guest(guest, '/openstack/latest/meta_data.json',
                     '10.0.0.99').status_int == 404
    # Proxy headers not over the trusted socket: refused.
    resp = _get('/openstack/latest/meta_data.json', {
        'X-Forwarded-For': guest.address,
        'X-Minova-Network-ID': guest.network.uuid})
    assert resp.status_int == 403
    # A signature must match the instance it names.
    good = _get('/latest/meta-data/hostname', {
        'X-Instance-ID': guest.uuid,
        'X-Instance-ID-Signature': lookup.sign(SECRET, guest.uuid)})
    assert good.status_int == 200 and good.text == 'vm1'
    forged = _get('/latest/meta-data/hostname', {
        'X-Instance-ID': guest.uuid,
        'X-Instance-ID-Signature': lookup.sign('guess', guest.uuid)})
    assert forged.status_int == 403
    assert _get('/latest/meta-data/hostname').status_int == 403
    unsigned_app = metadata_app.MetadataApp(secret='')
    req = webob.Request.blank('/latest/meta-data/hostname', headers={
        'X-Instance-ID': guest.uuid, 'X-Instance-ID-Signature': ''})
    assert req.get_response(unsigned_app).status_int == 403
