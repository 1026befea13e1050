"""minova.network.ipam: a network's addresses, and taking free ones and
unique MACs without races (the database's unique constraints decide)."""

import threading

from oslo_utils import uuidutils
import pytest

from minova.db import session as db_session
from minova import exception
from minova.network import ipam
from minova import objects


def _take(ctx, network, address=None, attempts=100):
    instance_uuid = uuidutils.generate_uuid()
    vif = ipam.create_vif(ctx, network, instance_uuid, 'fa:16:3e:00:00:00')
    return ipam.allocate_fixed_ip(ctx, network, instance_uuid, vif.id,
                                  address, attempts)


# -- addresses of a network --------------------------------------------------

def test_network_values_default_gateway_and_dns():
    values = ipam.network_values('10.1.0.0/24', dns=['192.0.2.53'])
    assert values == {'cidr': '10.1.0.0/24', 'netmask': '255.255.255.0',
                      'broadcast': '10.1.0.255', 'gateway': '10.1.0.1',
                      'dhcp_server': '10.1.0.1', 'dns1': '192.0.2.53',
                      'dns2': None}
    assert ipam.network_values('10.1.0.0/24',
                               gateway='10.1.0.254')['gateway'] == \
        '10.1.0.254'


@pytest.mark.parametrize('cidr,gateway,reason', [
    ('nonsense', None, 'is not a CIDR'),
    ('fd00::/64', None, 'only IPv4'),
    ('10.0.0.0/8', None, 'between /16 and /30'),
    ('10.0.0.0/31', None, 'between /16 and /30'),
    ('10.0.0.1/24', None, 'host bits set'),
    ('10.0.0.0/24', '10.0.1.1', 'is not a host address'),
    ('10.0.0.0/24', '10.0.0.255', 'is not a host address'),
])
def test_network_values_refuses(cidr, gateway, reason):
    with pytest.raises(exception.InvalidNetwork) as error:
        ipam.network_values(cidr, gateway)
    assert reason in error.value.format_message()


def test_reserved_and_requested_addresses(network):
    assert ipam.reserved_addresses(network) == ['10.0.0.0', '10.0.0.1',
                                                '10.0.0.255']
    ipam.check_requested_address(network, '10.0.0.7')
    with pytest.raises(exception.FixedIpNotFoundForNetwork):
        ipam.check_requested_address(network, '10.0.1.7')
    for reserved in ('10.0.0.0', '10.0.0.1', '10.0.0.255'):
        with pytest.raises(exception.FixedIpReserved):
            ipam.check_requested_address(network, reserved)


def test_reserved_addresses_are_rows(ctx, network):
    rows = objects.FixedIPList.get_by_network(ctx, network.id)
    assert sorted((r.address, r.reserved, r.allocated) for r in rows) == [
        ('10.0.0.0', True, False), ('10.0.0.1', True, False),
        ('10.0.0.255', True, False)]


# -- allocation ------------------------------------------------------------

def test_allocation_takes_the_lowest_free_address(ctx, network):
    assert [_take(ctx, network).address for _ in range(3)] == [
        '10.0.0.2', '10.0.0.3', '10.0.0.4']


def test_requested_address_and_its_conflicts(ctx, network):
    first = _take(ctx, network, '10.0.0.9')
    assert (first.address, first.allocated) == ('10.0.0.9', True)
    with pytest.raises(exception.FixedIpAlreadyInUse) as error:
        _take(ctx, network, '10.0.0.9')
    assert first.instance_uuid in error.value.format_message()
    with pytest.raises(exception.FixedIpReserved):
        _take(ctx, network, '10.0.0.1')


def test_exhaustion(ctx, make_network):
    tiny = make_network('tiny', '10.9.0.0/29')   # .2 - .6 are free
    taken = [_take(ctx, tiny).address for _ in range(5)]
    assert taken == ['10.9.0.%d' % i for i in range(2, 7)]
    with pytest.raises(exception.NoMoreFixedIps) as error:
        _take(ctx, tiny)
    assert error.value.format_message() == \
        'No fixed IP addresses available for network: tiny'


def test_unique_constraint_rejects_a_second_insert(ctx, network):
    values = dict(network_id=network.id, address='10.0.0.5', allocated=True)
    objects.FixedIP(ctx, **values).create()
    with pytest.raises(exception.FixedIpExists):
        objects.FixedIP(ctx, **values).create()


def test_a_lost_race_retries_with_another_address(ctx, network,
                                                  monkeypatch):
    """Two allocations read the same free addresses; the second insert of
    10.0.0.2 fails on the constraint and the loser takes another one."""
    real_taken = ipam._taken
    calls = []

    def stale_then_fresh(context, net):
        calls.append(1)
        if len(calls) == 1:
            # The winner inserts 10.0.0.2 after we read, before we insert.
            seen = real_taken(context, net)
            objects.FixedIP(context, network_id=net.id, address='10.0.0.2',
                            allocated=True).create()
            return seen
        return real_taken(context, net)
    monkeypatch.setattr(ipam, '_taken', stale_then_fresh)
    got = _take(ctx, network)
    assert got.address != '10.0.0.2'
    assert len(calls) == 2


def test_attempts_are_bounded(ctx, network, monkeypatch):
    monkeypatch.setattr(ipam, '_insert', lambda *a: (_ for _ in ()).throw(
        exception.FixedIpExists(address='x', network_id=network.id)))
    with pytest.raises(exception.NoMoreFixedIps):
        _take(ctx, network, attempts=3)


def test_concurrent_allocations_in_threads_are_unique(ctx, network):
    """Real threads, one database: the constraint keeps them apart."""
    results, errors = [], []

    def worker():
        try:
            for _ in range(5):
                results.append(_take(ctx, network).address)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db_session.dispose()
    assert errors == []
    assert len(results) == 40 and len(set(results)) == 40


def test_mac_collisions_retry_then_give_up(ctx, network, monkeypatch):
    macs = iter(['fa:16:3e:00:00:01', 'fa:16:3e:00:00:01',
                 'fa:16:3e:00:00:02'])
    monkeypatch.setattr(ipam, 'generate_mac', lambda base: next(macs))
    first = ipam.create_vif(ctx, network, uuidutils.generate_uuid(), 'x')
    second = ipam.create_vif(ctx, network, uuidutils.generate_uuid(), 'x')
    assert (first.address, second.address) == (
        'fa:16:3e:00:00:01', 'fa:16:3e:00:00:02')
    monkeypatch.setattr(ipam, 'generate_mac',
                        lambda base: 'fa:16:3e:00:00:01')
    with pytest.raises(exception.VirtualInterfaceMacAddressException):
        ipam.create_vif(ctx, network, uuidutils.generate_uuid(), 'x',
                        attempts=3)


def test_generate_mac_keeps_the_prefix():
    mac = ipam.generate_mac('fa:16:3e:00:00:00')
    assert mac.startswith('fa:16:3e:') and len(mac) == 17
