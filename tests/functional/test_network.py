"""minova-network end to end: real services, a real Linux bridge, network
namespace and dnsmasq per network (this needs root).

A user boots servers and sees their fixed IPs and MACs in the server body
and the ips / os-interface views; the DHCP server of the network hands
exactly that address to that MAC. A stand-in guest (a namespace plugged
into the bridge like a tap, running busybox's DHCP client) checks it; the
real-guest test at the end boots the test image under libvirt and reads
the address from the guest's console. Nothing ever sends traffic to a
guest, and the guest networks have no way off the machine.
"""

import concurrent.futures
import ipaddress
import os
import shutil
import subprocess
import time
import uuid

import pytest

from tests.functional import cloud as cloud_lib

pytestmark = pytest.mark.skipif(os.geteuid() != 0,
                                reason='bridges and namespaces need root')

PRIVATE = '10.20.0.0/24'
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


# MySQL runs allocations truly in parallel; SQLite serialises the writes.
@pytest.fixture(scope='module', params=['sqlite', 'mysql'])
def cloud(request, make_cloud):
    c = make_cloud(
        db_backend=request.param, computes={'host1': {}, 'host2': {}},
        conf={'quota': {'instances': 100, 'cores': 200},
              # Several networks exist below; boots that name none go here.
              'network': {'default_network': 'private'}})
    c.create_flavor('8', 'm1.eight', ram=128, disk=1, vcpus=1)
    c.image = c.create_image()
    c.net = c.create_network('private', PRIVATE, '--dns', '192.0.2.53')
    return c


# -- helpers ----------------------------------------------------------------

def _sh(*cmd, check=True):
    return subprocess.run(cmd, capture_output=True, text=True, check=check)


def _network(c, label):
    [net] = [line.split() for line in c.manage('network', 'list').splitlines()
             if len(line.split()) > 1 and line.split()[1] == label]
    return {'uuid': net[0], 'label': net[1], 'cidr': net[2],
            'gateway': net[3], 'bridge': net[4]}


def _boot(c, name, client=None, **server):
    server.setdefault('imageRef', c.image['id'])
    server.setdefault('flavorRef', '8')
    return c.boot(client=client, name=name, **server)['server']['id']


def _hosts_file(c, network_uuid):
    path = os.path.join(c.state_path, 'networks', network_uuid, 'hosts')
    with open(path) as hosts:
        return dict(reversed(line.strip().split(',')) for line in hosts
                    if line.strip())  # {ip: mac}


def _addresses(server):
    return {label: [(a['addr'], a['OS-EXT-IPS-MAC:mac_addr'])
                    for a in entries]
            for label, entries in server['addresses'].items()}


def _wait_until(check, timeout=15, what='condition'):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError('%s not met in %ss' % (what, timeout))


def _delete(c, sid):
    """Delete a server in any state and wait until it is gone."""
    assert c.api.delete('/servers/%s' % sid).status_code == 204
    _wait_until(lambda: c.api.get('/servers/%s' % sid).status_code == 404,
                timeout=60, what='server %s deleted' % sid)


def dhcp_address(bridge, mac):
    """The address dnsmasq offers ``mac``, asked by busybox's udhcpc from
    a namespace plugged into ``bridge`` the way a guest's tap is; None if
    no offer comes."""
    if shutil.which('busybox') is None:
        pytest.skip('busybox (apt busybox-static) is needed for the DHCP '
                    'client')
    name = uuid.uuid4().hex[:8]
    namespace, tap = 'mnft-guest-%s' % name, 'tap%s' % name
    script = '/tmp/mnft-udhcpc-%s' % name
    with open(script, 'w') as out:
        out.write('#!/bin/sh\n[ "$1" = bound ] && echo "LEASE $ip $router"'
                  '\nexit 0\n')
    os.chmod(script, 0o755)
    _sh('ip', 'netns', 'add', namespace)
    try:
        _sh('ip', 'link', 'add', tap, 'type', 'veth', 'peer', 'name', 'eth0',
            'netns', namespace)
        _sh('ip', 'link', 'set', tap, 'master', bridge, 'up')
        _sh('ip', '-n', namespace, 'link', 'set', 'eth0', 'address', mac,
            'up')
        out = _sh('ip', 'netns', 'exec', namespace, 'busybox', 'udhcpc',
                  '-i', 'eth0', '-n', '-q', '-t', '4', '-T', '1', '-s',
                  script, check=False).stdout
    finally:
        _sh('ip', 'netns', 'delete', namespace, check=False)
        os.unlink(script)
    for line in out.splitlines():
        if line.startswith('LEASE '):
            return line.split()[1]
    return None


# -- tests ------------------------------------------------------------------

def test_network_host_side_is_isolated(cloud):
    """The bridge has no address and no uplink; the gateway lives in the
    network's namespace, which forwards nothing."""
    net = _network(cloud, 'private')
    bridge = _sh('ip', '-d', 'link', 'show', 'dev', net['bridge']).stdout
    assert 'bridge ' in bridge
    assert _sh('ip', '-o', 'addr', 'show', 'dev', net['bridge']).stdout == ''
    ports = _sh('ip', '-o', 'link', 'show', 'master',
                net['bridge']).stdout.split('\n')
    assert [p.split(':')[1].strip().split('@')[0] for p in ports if p] == [
        'dhr-%s' % net['uuid'].replace('-', '')[:10]]
    namespace = 'minova-%s' % net['uuid']
    assert '10.20.0.1/24' in _sh('ip', '-n', namespace, '-o', 'addr').stdout
    assert _sh('ip', 'netns', 'exec', namespace, 'sysctl', '-n',
               'net.ipv4.ip_forward').stdout.strip() == '0'
    routes = _sh('ip', '-n', namespace, 'route').stdout
    assert 'default' not in routes


def test_server_gets_an_address_shown_everywhere_and_served_by_dhcp(cloud):
    sid = _boot(cloud, 'addressed')
    server = cloud.wait_for_server(sid)
    [entry] = server['addresses']['private']
    assert set(entry) == {'addr', 'version', 'OS-EXT-IPS:type',
                          'OS-EXT-IPS-MAC:mac_addr'}
    assert entry['version'] == 4 and entry['OS-EXT-IPS:type'] == 'fixed'
    address, mac = entry['addr'], entry['OS-EXT-IPS-MAC:mac_addr']
    assert ipaddress.ip_address(address) in ipaddress.ip_network(PRIVATE)
    assert address not in ('10.20.0.0', '10.20.0.1', '10.20.0.255')
    assert mac.startswith('fa:16:3e:')
    # The list view shows the same.
    detail = cloud.api.get('/servers/detail?name=addressed').json()
    assert detail['servers'][0]['addresses'] == server['addresses']
    # ips, at the first and the newest microversion.
    for version in ('2.1', '2.38'):
        ips = cloud.api.get('/servers/%s/ips' % sid, version=version)
        assert ips.status_code == 200, ips.text
        assert ips.json() == {'addresses': {'private': [
            {'addr': address, 'version': 4}]}}
    one = cloud.api.get('/servers/%s/ips/private' % sid)
    assert one.json() == {'private': [{'addr': address, 'version': 4}]}
    assert cloud.api.get('/servers/%s/ips/public' % sid).status_code == 404
    interfaces = cloud.api.get('/servers/%s/os-interface' % sid).json()
    [port] = interfaces['interfaceAttachments']
    assert port['mac_addr'] == mac and port['net_id'] == cloud.net
    assert port['fixed_ips'][0]['ip_address'] == address
    assert cloud.api.get('/servers/%s/os-interface/%s' % (
        sid, port['port_id'])).json()['interfaceAttachment'] == port
    # dnsmasq serves exactly that address to that MAC, and nothing to
    # a MAC it does not know.
    assert _hosts_file(cloud, cloud.net)[address] == mac
    bridge = _network(cloud, 'private')['bridge']
    assert dhcp_address(bridge, mac) == address
    assert dhcp_address(bridge, 'fa:16:3e:ff:ff:fe') is None


def test_delete_frees_the_address_and_its_dhcp_entry(cloud):
    sid = _boot(cloud, 'short-lived')
    [(address, mac)] = _addresses(cloud.wait_for_server(sid))['private']
    assert _hosts_file(cloud, cloud.net)[address] == mac
    assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    cloud.wait_for_deleted(sid)
    assert address not in _hosts_file(cloud, cloud.net)
    assert dhcp_address(_network(cloud, 'private')['bridge'], mac) is None
    # The address is free again: another server may ask for it.
    again = _boot(cloud, 'same-address',
                  networks=[{'uuid': cloud.net, 'fixed_ip': address}])
    reused = cloud.wait_for_server(again)
    assert _addresses(reused)['private'][0][0] == address
    cloud.api.delete('/servers/%s' % again)
    cloud.wait_for_deleted(again)


def test_bad_requested_networks_are_refused_before_any_row(cloud):
    taken = _boot(cloud, 'holder',
                  networks=[{'uuid': cloud.net, 'fixed_ip': '10.20.0.50'}])
    cloud.wait_for_server(taken)
    before = len(cloud.admin.get('/servers?all_tenants=1').json()[
        'servers'])
    missing = str(uuid.uuid4())
    cases = [
        ([{'uuid': missing}], 400, 'Network %s could not be found.'
         % missing),
        ([{'uuid': 'not-a-uuid'}], 400, 'Bad networks format'),
        ([{'uuid': cloud.net}, {'uuid': cloud.net}], 400,
         'Duplicate networks'),
        ([{'uuid': cloud.net, 'fixed_ip': '10.99.0.5'}], 400,
         'does not exist in network'),
        ([{'uuid': cloud.net, 'fixed_ip': '10.20.0.1'}], 400, 'reserved'),
        ([{'uuid': cloud.net, 'fixed_ip': '10.20.0.50'}], 400,
         'is already in use on instance %s' % taken),
        ([{'port': str(uuid.uuid4())}], 400, 'Networking service'),
    ]
    for networks, code, message in cases:
        resp = cloud.api.post('/servers', {'server': {
            'name': 'refused', 'imageRef': cloud.image['id'],
            'flavorRef': '8', 'networks': networks}})
        assert resp.status_code == code, (networks, resp.text)
        assert message in resp.json()['badRequest']['message'], resp.text
    after = len(cloud.admin.get('/servers?all_tenants=1').json()[
        'servers'])
    assert after == before
    cloud.api.delete('/servers/%s' % taken)


def test_networks_none_boots_without_an_interface(cloud):
    resp = cloud.api.post('/servers', {'server': {
        'name': 'no-nic', 'imageRef': cloud.image['id'], 'flavorRef': '8',
        'networks': 'none'}}, version='2.37')
    assert resp.status_code == 202, resp.text
    server = cloud.wait_for_server(resp.json()['server']['id'])
    assert server['addresses'] == {}


def test_fifty_concurrent_boots_get_unique_addresses(cloud):
    def boot(i):
        client = cloud_lib.APIClient(cloud.endpoint)
        return _boot(cloud, 'many-%02d' % i, client=client)
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        ids = list(pool.map(boot, range(50)))
    servers = [cloud.wait_for_server(sid, timeout=180) for sid in ids]
    pairs = [_addresses(s)['private'][0] for s in servers]
    addresses = [address for address, _mac in pairs]
    macs = [mac for _address, mac in pairs]
    assert len(set(addresses)) == 50 and len(set(macs)) == 50
    network = ipaddress.ip_network(PRIVATE)
    assert all(ipaddress.ip_address(a) in network for a in addresses)
    hosts = _hosts_file(cloud, cloud.net)
    assert all(hosts[address] == mac for address, mac in pairs)
    for sid in ids:
        assert cloud.api.delete('/servers/%s' % sid).status_code == 204
    for sid in ids:
        cloud.wait_for_deleted(sid, timeout=60)
    assert not set(addresses) & set(_hosts_file(cloud, cloud.net))


def test_exhausted_network_fails_the_build_cleanly(cloud):
    # A /30 has one address for servers: .1 is the gateway.
    tiny = cloud.create_network('tiny', '10.30.0.0/30')
    first = _boot(cloud, 'fits', networks=[{'uuid': tiny}])
    assert _addresses(cloud.wait_for_server(first))['tiny'][0][0] == \
        '10.30.0.2'
    second = _boot(cloud, 'does-not-fit', networks=[{'uuid': tiny}])
    error = cloud.wait_for_server(second, ('ERROR',))
    assert 'No fixed IP addresses available for network: tiny' in \
        error['fault']['message']
    assert 'Failed to allocate the network(s)' in error['fault']['message']
    assert error['addresses'] == {}
    # It gave back everything it took: only the first server holds an
    # address, and deleting both frees the network for a new server.
    assert list(_hosts_file(cloud, tiny)) == ['10.30.0.2']
    for sid in (first, second):
        _delete(cloud, sid)
    third = _boot(cloud, 'fits-again', networks=[{'uuid': tiny}])
    assert _addresses(cloud.wait_for_server(third))['tiny'][0][0] == \
        '10.30.0.2'
    _delete(cloud, third)
    cloud.manage('network', 'delete', tiny)


def test_network_delete_refuses_while_in_use(cloud):
    spare = cloud.create_network('spare', '10.40.0.0/24')
    bridge = _network(cloud, 'spare')['bridge']
    sid = _boot(cloud, 'on-spare', networks=[{'uuid': spare}])
    cloud.wait_for_server(sid)
    with pytest.raises(subprocess.CalledProcessError) as refused:
        cloud.manage('network', 'delete', 'spare')
    assert 'still in use' in refused.value.stderr
    assert 'spare' in cloud.manage('network', 'list')
    cloud.api.delete('/servers/%s' % sid)
    cloud.wait_for_deleted(sid)
    assert 'Deleted network spare' in cloud.manage('network', 'delete',
                                                   'spare')
    assert 'spare' not in cloud.manage('network', 'list')
    # minova-network takes the bridge and the namespace away.
    _wait_until(lambda: _sh('ip', 'link', 'show', 'dev', bridge,
                            check=False).returncode != 0,
                what='bridge %s removed' % bridge)
    assert 'minova-%s' % spare not in _sh('ip', 'netns', 'list').stdout


def test_os_networks_until_2_35(cloud):
    listed = cloud.api.get('/os-networks')
    assert listed.status_code == 200, listed.text
    [private] = [n for n in listed.json()['networks']
                 if n['label'] == 'private']
    assert private['id'] == cloud.net and private['cidr'] == PRIVATE
    assert private['gateway'] == '10.20.0.1'
    assert private['dns1'] == '192.0.2.53'
    assert 'bridge' not in private          # admins only
    admin = cloud.admin.get('/os-networks/%s' % cloud.net).json()
    assert admin['network']['bridge'] == _network(cloud, 'private')[
        'bridge']
    assert cloud.api.get('/os-networks/%s' % uuid.uuid4()).status_code == \
        404
    for path in ('/os-networks', '/os-networks/%s' % cloud.net):
        assert cloud.api.get(path, version='2.36').status_code == 404
        assert cloud.api.get(path, version='2.35').status_code == 200


# -- a real guest ----------------------------------------------------------

def _libvirt_ready():
    try:
        import minova.virt.libvirt  # noqa: F401
    except ImportError:
        return 'minova.virt.libvirt (the libvirt driver) is not there yet'
    if shutil.which('virsh') is None:
        return 'virsh (libvirt-clients) is not installed'
    if _sh('virsh', '-c', 'qemu:///system', 'version',
           check=False).returncode != 0:
        return 'libvirtd is not running'
    return None


@pytest.mark.slow
@pytest.mark.skipif(_libvirt_ready() is not None,
                    reason=str(_libvirt_ready()))
def test_real_guest_gets_the_address_the_api_shows(make_cloud):
    """The test image runs udhcpc on eth0 and prints the address it got;
    its console must show the address the API shows."""
    test_image = os.path.join(ROOT, 'tools', 'build-test-image')
    real = make_cloud(computes={'host1': {
        'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver'},
        'libvirt': {'virt_type': 'qemu'}}})
    real.create_flavor('g', 'm1.guest', ram=256, disk=1, vcpus=1)
    net = real.create_network('guests', '10.50.0.0/24')
    built = subprocess.run(
        [test_image, '--endpoint', real.image_endpoint, '--token',
         'admin:admin'], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    image_id = dict(line.split('=', 1)
                    for line in built.stdout.split())['image_id']
    sid = real.boot(name='guest', imageRef=image_id, flavorRef='g',
                    config_drive=True, networks=[{'uuid': net}])[
        'server']['id']
    server = real.wait_for_server(sid, timeout=300)
    [(address, _mac)] = _addresses(server)['guests']
    deadline = time.monotonic() + 300
    console = ''
    while time.monotonic() < deadline:
        resp = real.api.post('/servers/%s/action' % sid,
                             {'os-getConsoleOutput': {}})
        console = resp.json().get('output', '') if resp.ok else ''
        if 'minova-guest ready' in console:
            break
        time.sleep(2)
    assert 'minova-guest: eth0 address %s/24' % address in console, \
        console[-3000:]
    real.api.delete('/servers/%s' % sid)
    real.wait_for_deleted(sid, timeout=120)
