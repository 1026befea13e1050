"""minova.network.manager: allocate and deallocate as minova-network runs
them, on the test database, with a driver that records the host side."""

from oslo_messaging.rpc import dispatcher
from oslo_utils import uuidutils
import pytest

from minova import exception
from minova.network import driver
from minova.network import manager as network_manager
from minova import objects


class RecordingDriver(driver.NetworkDriver):
    def __init__(self):
        self.ensured = []
        self.dhcp = {}          # network uuid -> entries served
        self.released = []
        self.removed = []
        self.hosted = set()

    def ensure_network(self, network):
        self.ensured.append(network.uuid)
        self.hosted.add(network.uuid)

    def is_ready(self, network):
        return network.uuid in self.hosted

    def update_dhcp(self, network, entries, released=()):
        self.dhcp[network.uuid] = sorted(entries)
        self.released.extend(released)

    def dhcp_entries(self, network):
        entries = self.dhcp.get(network.uuid)
        return None if entries is None else {tuple(e) for e in entries}

    def hosted_networks(self):
        return set(self.hosted)

    def remove_network(self, network_uuid):
        self.removed.append(network_uuid)
        self.hosted.discard(network_uuid)


@pytest.fixture
def host():
    return RecordingDriver()


@pytest.fixture
def manager(db, host):
    return network_manager.NetworkManager(driver=host)


def _instance():
    return uuidutils.generate_uuid()


def _rpc_error(func, *args):
    """What an RPC method raised (it is wrapped as an expected one)."""
    with pytest.raises(dispatcher.ExpectedException) as error:
        func(*args)
    return error.value.exc_info[1]


def test_allocate_on_the_default_network(ctx, manager, host, network):
    uuid = _instance()
    [vif] = manager.allocate_for_instance(ctx, uuid, None, 'host1')
    assert vif['type'] == 'bridge' and vif['address'].startswith('fa:16:3e')
    assert vif['devname'] == ('tap' + vif['id'])[:14]
    net = vif['network']
    assert (net['id'], net['label'], net['bridge']) == (
        network.uuid, 'private', 'br-private')
    [subnet] = net['subnets']
    assert subnet['cidr'] == '10.0.0.0/24'
    assert subnet['gateway'] == {'address': '10.0.0.1', 'type': 'gateway',
                                 'version': 4}
    assert subnet['ips'] == [{'address': '10.0.0.2', 'type': 'fixed',
                              'version': 4}]
    # The API reads this, and dnsmasq serves that MAC that address.
    cache = objects.InstanceInfoCache.get_by_instance_uuid(ctx, uuid)
    assert cache.network_info == [vif]
    assert host.dhcp[network.uuid] == [(vif['address'], '10.0.0.2')]
    assert host.ensured == [network.uuid]


def test_allocate_requested_networks_and_address(ctx, manager, host,
                                                 make_network):
    one = make_network('one', '10.1.0.0/24')
    two = make_network('two', '10.2.0.0/24', dns=['192.0.2.53'])
    vifs = manager.allocate_for_instance(
        ctx, _instance(), [{'uuid': two.uuid, 'fixed_ip': '10.2.0.77'},
                           {'uuid': one.uuid, 'fixed_ip': None}])
    assert [v['network']['label'] for v in vifs] == ['two', 'one']
    assert vifs[0]['network']['subnets'][0]['ips'][0]['address'] == \
        '10.2.0.77'
    assert vifs[0]['network']['subnets'][0]['dns'] == [
        {'address': '192.0.2.53', 'type': 'dns', 'version': 4}]
    assert len({v['address'] for v in vifs}) == 2


def test_none_and_ambiguous(ctx, manager, make_network):
    assert manager.allocate_for_instance(ctx, _instance(), []) == []
    # No network at all: a boot without networks gets no interface.
    assert manager.allocate_for_instance(ctx, _instance(), None) == []
    make_network('one', '10.1.0.0/24')
    make_network('two', '10.2.0.0/24')
    assert isinstance(_rpc_error(manager.allocate_for_instance, ctx,
                                 _instance(), None),
                      exception.NetworkAmbiguous)


def test_default_network_option(ctx, manager, make_network, conf):
    make_network('one', '10.1.0.0/24')
    make_network('two', '10.2.0.0/24')
    conf.config(default_network='two', group='network')
    [vif] = manager.allocate_for_instance(ctx, _instance(), None)
    assert vif['network']['label'] == 'two'


def test_failure_gives_back_everything(ctx, manager, host, make_network):
    one = make_network('one', '10.1.0.0/24')
    full = make_network('full', '10.3.0.0/30')
    manager.allocate_for_instance(ctx, _instance(), [{'uuid': full.uuid}])
    uuid = _instance()
    error = _rpc_error(manager.allocate_for_instance, ctx, uuid,
                       [{'uuid': one.uuid}, {'uuid': full.uuid}])
    assert isinstance(error, exception.NoMoreFixedIps)
    assert objects.VirtualInterfaceList.get_by_instance_uuid(ctx, uuid) \
        .objects == []
    assert objects.FixedIPList.get_by_instance_uuid(ctx, uuid).objects == []
    assert host.dhcp[one.uuid] == []


def test_deallocate_frees_addresses_and_dhcp(ctx, manager, host, network):
    uuid = _instance()
    [vif] = manager.allocate_for_instance(ctx, uuid, None)
    manager.deallocate_for_instance(ctx, uuid, 'host1')
    assert host.dhcp[network.uuid] == []
    assert host.released == [(vif['address'], '10.0.0.2')]
    assert objects.InstanceInfoCache.get_by_instance_uuid(
        ctx, uuid).network_info == []
    # Freed: the next server gets it, and a second deallocate is fine.
    [again] = manager.allocate_for_instance(ctx, _instance(), None)
    assert again['network']['subnets'][0]['ips'][0]['address'] == \
        '10.0.0.2'
    manager.deallocate_for_instance(ctx, uuid)


def test_a_second_allocation_replaces_the_first(ctx, manager, network):
    uuid = _instance()
    manager.allocate_for_instance(ctx, uuid, None)
    [vif] = manager.allocate_for_instance(ctx, uuid, None)
    assert len(objects.VirtualInterfaceList.get_by_instance_uuid(
        ctx, uuid)) == 1
    assert manager.get_instance_nw_info(ctx, uuid) == [vif]


def test_sync_host(ctx, manager, host, network, make_network):
    """Sets up live networks, tears down deleted ones, frees addresses of
    deleted instances."""
    from tests.unit.api import fakes as api_fakes
    gone = make_network('gone', '10.5.0.0/24')
    host.hosted.add(gone.uuid)
    objects.Network.get_by_uuid(ctx, gone.uuid).destroy()
    inst = api_fakes.instance()
    manager.allocate_for_instance(ctx, inst.uuid, None)
    inst.destroy()
    manager.sync_host(ctx)
    assert host.removed == [gone.uuid]
    assert network.uuid in host.ensured
    assert objects.FixedIPList.get_by_instance_uuid(ctx, inst.uuid) \
        .objects == []
    assert host.dhcp[network.uuid] == []


def test_sync_host_keeps_the_address_of_a_guest_not_known_gone(
        ctx, manager, host, network):
    """A delete made while the instance's host was down: the guest may
    still run, so its address is not handed to another server until the
    host reaps the guest and marks the instance cleaned."""
    from tests.unit.api import fakes as api_fakes
    inst = api_fakes.instance()
    inst.host = 'host1'
    inst.save()
    manager.allocate_for_instance(ctx, inst.uuid, None)
    inst.destroy()                       # a local delete: not cleaned
    manager.sync_host(ctx)
    [kept] = objects.FixedIPList.get_by_instance_uuid(ctx, inst.uuid)
    assert host.dhcp[network.uuid] != []
    inst.mark_cleaned()                  # the host reaped the guest
    manager.sync_host(ctx)
    assert objects.FixedIPList.get_by_instance_uuid(ctx, inst.uuid) \
        .objects == []
    assert host.dhcp[network.uuid] == []


def test_audit_dhcp(ctx, manager, host, network):
    [vif] = manager.allocate_for_instance(ctx, _instance(), None)
    served = host.dhcp[network.uuid]
    assert manager.audit_dhcp(ctx) == []
    host.dhcp[network.uuid] = [('fa:16:3e:00:00:99', '10.0.0.99')]
    [entry] = manager.audit_dhcp(ctx, fix=True)
    assert entry == {'network': 'private',
                     'extra': [('fa:16:3e:00:00:99', '10.0.0.99')],
                     'missing': [tuple(e) for e in served]}
    assert host.dhcp[network.uuid] == served
    assert manager.audit_dhcp(ctx) == []


def test_network_delete_refuses_while_in_use(ctx, manager, network):
    uuid = _instance()
    manager.allocate_for_instance(ctx, uuid, None)
    with pytest.raises(exception.NetworkInUse):
        network.destroy()
    manager.deallocate_for_instance(ctx, uuid)
    network.destroy()
    with pytest.raises(exception.NetworkNotFound):
        objects.Network.get_by_uuid(ctx, network.uuid)
    # A deleted network takes no more addresses.
    with pytest.raises(exception.NetworkNotFound):
        objects.FixedIP(ctx, network_id=network.id, address='10.0.0.9',
                        allocated=True).create()
