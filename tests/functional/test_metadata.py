"""The metadata service end to end: minova-metadata-api, the proxy that
minova-network runs in the network's namespace, the redirect of
169.254.169.254:80 there, and guests that ask.

The guests are stand-ins (a namespace plugged into the bridge like a
tap, with the server's MAC and fixed IP, as test_network.py does): each
gets its own server's data and nothing for an address no server holds.
"""

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest
import requests

from tests.functional import cloud as cloud_lib

pytestmark = pytest.mark.skipif(os.geteuid() != 0,
                                reason='namespaces need root')

SECRET = 'metadata-secret'


def _sh(*cmd, check=True):
    return subprocess.run(cmd, capture_output=True, text=True, check=check,
                          timeout=60)


@pytest.fixture(scope='module')
def cloud(make_cloud):
    c = make_cloud(computes={'host1': {}}, conf={
        'metadata': {'proxy_enabled': 'true',
                     'metadata_proxy_shared_secret': SECRET,
                     'listen_port': str(cloud_lib.free_port())}})
    c.start_metadata_api()
    c.create_flavor('8', 'm1.eight', ram=128, disk=1, vcpus=1)
    c.image = c.create_image()
    c.net = c.create_network('private', '10.70.0.0/24')
    return c


class StandIn:
    """A guest's NIC: a namespace on the bridge with the server's MAC and
    address and a route to the gateway."""

    def __init__(self, bridge, mac, address, gateway):
        tag = uuid.uuid4().hex[:8]
        self.namespace = 'mnft-guest-%s' % tag
        tap = 'tap%s' % tag
        _sh('ip', 'netns', 'add', self.namespace)
        _sh('ip', 'link', 'add', tap, 'type', 'veth', 'peer', 'name', 'eth0',
            'netns', self.namespace)
        _sh('ip', 'link', 'set', tap, 'master', bridge, 'up')
        ns = ['ip', '-n', self.namespace]
        _sh(*ns, 'link', 'set', 'eth0', 'address', mac, 'up')
        _sh(*ns, 'addr', 'add', address + '/24', 'dev', 'eth0')
        _sh(*ns, 'route', 'add', 'default', 'via', gateway)

    def get(self, path):
        """(status, body) of http://169.254.169.254<path>, from inside."""
        code = ('import sys, urllib.request, urllib.error\n'
                'try:\n'
                '    r = urllib.request.urlopen(sys.argv[1], timeout=10)\n'
                '    print(r.status); print(r.read().decode())\n'
                'except urllib.error.HTTPError as e:\n'
                '    print(e.code)\n')
        out = _sh('ip', 'netns', 'exec', self.namespace, sys.executable,
                  '-c', code, 'http://169.254.169.254' + path,
                  check=False).stdout
        status, _, body = out.partition('\n')
        return int(status or 0), body.rstrip('\n')

    def remove(self):
        _sh('ip', 'netns', 'delete', self.namespace, check=False)


def _server(c, name, **extra):
    sid = c.boot(name=name, imageRef=c.image['id'], flavorRef='8',
                 **extra)['server']['id']
    server = c.wait_for_server(sid)
    [entry] = server['addresses']['private']
    return sid, entry['addr'], entry['OS-EXT-IPS-MAC:mac_addr']


def _bridge(c):
    for line in c.manage('network', 'list').splitlines():
        if c.net in line:
            return line.split()[4]


def _wait_for_proxy(c, timeout=30):
    pid_file = os.path.join(c.state_path, 'networks', c.net,
                            'metadata-proxy.pid')
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(pid_file) and os.path.exists(
                os.path.join(c.state_path, 'metadata.sock')):
            return
        time.sleep(0.5)
    raise AssertionError('metadata proxy not up: %s' % c.logs().get(
        'minova-network', '')[-3000:])


def test_each_guest_gets_its_own_data_only(cloud):
    kp = cloud.api.post('/os-keypairs', {'keypair': {'name': 'mdkey'}})
    assert kp.status_code == 200, kp.text
    public_key = kp.json()['keypair']['public_key'].strip()
    first, address1, mac1 = _server(cloud, 'md-one', key_name='mdkey',
                                    user_data='aGVsbG8gbWV0YWRhdGE=')
    second, address2, mac2 = _server(cloud, 'md-two')
    _wait_for_proxy(cloud)
    bridge = _bridge(cloud)
    guests = [StandIn(bridge, mac1, address1, '10.70.0.1'),
              StandIn(bridge, mac2, address2, '10.70.0.1')]
    try:
        status, body = guests[0].get('/openstack/latest/meta_data.json')
        assert status == 200, body
        meta = json.loads(body)
        assert meta['uuid'] == first and meta['name'] == 'md-one'
        assert meta['public_keys'] == {'mdkey': public_key}
        assert guests[0].get('/openstack/latest/user_data') == (
            200, 'hello metadata')
        assert guests[0].get(
            '/latest/meta-data/public-keys/0/openssh-key') == (
                200, public_key)
        assert guests[0].get('/latest/meta-data/local-ipv4') == (
            200, address1)
        # The second guest sees itself, not the first.
        status, body = guests[1].get('/openstack/latest/meta_data.json')
        assert status == 200 and json.loads(body)['uuid'] == second
        assert guests[1].get('/latest/meta-data/public-keys/')[0] == 404
    finally:
        for guest in guests:
            guest.remove()
    # An address no server holds gets nothing.
    stranger = StandIn(bridge, 'fa:16:3e:99:99:99', '10.70.0.200',
                       '10.70.0.1')
    try:
        assert stranger.get('/openstack/latest/meta_data.json')[0] == 404
    finally:
        stranger.remove()


def test_signed_requests_on_localhost(cloud):
    sid, _address, _mac = _server(cloud, 'md-signed')
    url = 'http://127.0.0.1:%s/latest/meta-data/hostname' % \
        cloud.extra_conf['metadata']['listen_port']
    good = hmac.new(SECRET.encode(), sid.encode(), hashlib.sha256)
    resp = requests.get(url, timeout=10, headers={
        'X-Instance-ID': sid, 'X-Instance-ID-Signature': good.hexdigest()})
    assert resp.status_code == 200 and resp.text == 'md-signed'
    other, _a, _m = _server(cloud, 'md-other')
    # A signature for one instance does not open another.
    resp = requests.get(url, timeout=10, headers={
        'X-Instance-ID': other,
        'X-Instance-ID-Signature': good.hexdigest()})
    assert resp.status_code == 403
    # Proxy headers on TCP are not trusted.
    resp = requests.get(url, timeout=10, headers={
        'X-Forwarded-For': _address, 'X-Minova-Network-ID': cloud.net})
    assert resp.status_code == 403


def test_delete_stops_the_proxy_with_the_network(cloud):
    assert shutil.which('ip')
    pid_file = os.path.join(cloud.state_path, 'networks', cloud.net,
                            'metadata-proxy.pid')
    with open(pid_file) as f:
        pid = int(f.read())
    assert os.path.exists('/proc/%d' % pid)
