"""Floating IPs: pools, allocation under quota, association NATed in the
network's router (recorded by a fake host side), the addresses the API
shows, and what a server's delete undoes."""

from oslo_messaging.rpc import dispatcher
import pytest

from minova import context as minova_context
from minova import exception
from minova.network import floating_ip_api
from minova.network import manager as network_manager
from minova.network import model
from minova import objects
from tests.unit.network.test_manager import RecordingDriver


class RouterDriver(RecordingDriver):
    def __init__(self):
        super().__init__()
        self.nat = {}           # network uuid -> pairs

    def update_router(self, network, pairs, metadata_port=None):
        self.nat[network.uuid] = list(pairs)


@pytest.fixture
def host():
    return RouterDriver()


@pytest.fixture
def manager(db, host):
    return network_manager.NetworkManager(driver=host)


@pytest.fixture
def user():
    return minova_context.RequestContext(user_id='u', project_id='p')


@pytest.fixture
def fip_api(manager, monkeypatch, network, ctx):
    """The API side, its RPC calls going straight to the manager."""
    api = floating_ip_api.FloatingIPAPI()

    class Direct:
        def __getattr__(self, name):
            method = getattr(manager, name)

            def call(context, *args, **kwargs):
                try:
                    return method(context, *args, **kwargs)
                except dispatcher.ExpectedException as error:
                    raise error.exc_info[1]
            return call
    api._rpcapi = Direct()
    api.create_pool(ctx, 'public', '172.24.4.0/29')
    return api


def _server(ctx, manager):
    instance = objects.Instance(ctx, project_id='p', user_id='u',
                                vm_state='active')
    instance.create()
    [vif] = manager.allocate_for_instance(ctx, instance.uuid, None, 'h')
    return instance, model.fixed_ips(vif)[0]['address']


def test_pool_of_a_range(ctx, fip_api):
    assert floating_ip_api.FloatingIPAPI.pools() == ['public']
    assert [f.address for f in objects.FloatingIPList.get_all(ctx)] == [
        '172.24.4.%d' % i for i in range(1, 7)]
    with pytest.raises(exception.FloatingIpExists):
        fip_api.create_pool(ctx, 'again', '172.24.4.0/30')
    with pytest.raises(exception.InvalidInput):
        fip_api.create_pool(ctx, 'bad', 'nonsense')


def test_allocate_quota_and_release(user, fip_api, conf):
    conf.config(floating_ips=2, group='quota')
    first = fip_api.allocate(user)
    second = fip_api.allocate(user, 'public')
    assert (first.address, second.address) == ('172.24.4.1', '172.24.4.2')
    assert first.project_id == 'p' and first.pool == 'public'
    with pytest.raises(exception.FloatingIpLimitExceeded):
        fip_api.allocate(user)
    with pytest.raises(exception.FloatingIpPoolNotFound):
        fip_api.allocate(user, 'nope')
    fip_api.release(user, first)
    assert fip_api.allocate(user).address == '172.24.4.1'


def test_pool_runs_dry(user, fip_api, conf):
    conf.config(floating_ips=-1, group='quota')
    for _ in range(6):
        fip_api.allocate(user)
    with pytest.raises(exception.NoMoreFloatingIps):
        fip_api.allocate(user)


def test_other_projects_addresses_are_not_found(user, fip_api):
    fip = fip_api.allocate(user)
    other = minova_context.RequestContext(user_id='x', project_id='q')
    with pytest.raises(exception.FloatingIpNotFound):
        fip_api.get(other, fip.id)
    with pytest.raises(exception.FloatingIpNotFoundForAddress):
        fip_api.get_by_address(other, fip.address)


def test_associate_nats_and_shows_in_addresses(ctx, user, fip_api, manager,
                                               host, network):
    instance, fixed = _server(ctx, manager)
    fip = fip_api.allocate(user)
    fip_api.associate(user, instance, fip.address)
    assert host.nat[network.uuid] == [(fip.address, fixed)]
    shown = objects.FloatingIP.get_by_address(ctx, fip.address)
    assert (shown.fixed_address, shown.instance_uuid) == (fixed,
                                                          instance.uuid)
    cache = objects.InstanceInfoCache.get_by_instance_uuid(
        ctx, instance.uuid).network_info
    [(fixed_ip, _mac), (floating, _mac2)] = \
        model.addresses_by_label(cache)['private']
    assert fixed_ip['type'] == 'fixed' and floating == {
        'address': fip.address, 'type': 'floating', 'version': 4}
    # Another server cannot take it while it points elsewhere.
    other, _ = _server(ctx, manager)
    with pytest.raises(exception.FloatingIpAssociated):
        fip_api.associate(user, other, fip.address)
    with pytest.raises(exception.FloatingIpNotAssociatedWithInstance):
        fip_api.disassociate(user, other, fip.address)
    fip_api.disassociate(user, instance, fip.address)
    assert host.nat[network.uuid] == []
    cache = objects.InstanceInfoCache.get_by_instance_uuid(
        ctx, instance.uuid).network_info
    assert len(model.addresses_by_label(cache)['private']) == 1


def test_deallocate_disassociates(ctx, user, fip_api, manager, host,
                                  network):
    instance, _fixed = _server(ctx, manager)
    fip = fip_api.allocate(user)
    fip_api.associate(user, instance, fip.address)
    manager.deallocate_for_instance(ctx, instance.uuid)
    assert host.nat[network.uuid] == []
    kept = objects.FloatingIP.get_by_address(ctx, fip.address)
    # Still the project's, pointing nowhere.
    assert kept.project_id == 'p' and kept.fixed_ip_id is None


def test_release_of_an_associated_address(ctx, user, fip_api, manager,
                                          host, network):
    instance, _fixed = _server(ctx, manager)
    fip = fip_api.allocate(user)
    fip_api.associate(user, instance, fip.address)
    fip_api.release(user, objects.FloatingIP.get_by_address(ctx,
                                                            fip.address))
    assert host.nat[network.uuid] == []
    assert objects.FloatingIP.get_by_address(ctx, fip.address).project_id \
        is None


def test_sync_host_restores_nat(ctx, user, fip_api, manager, host, network):
    instance, fixed = _server(ctx, manager)
    fip = fip_api.allocate(user)
    fip_api.associate(user, instance, fip.address)
    host.nat.clear()
    manager.sync_host(ctx)
    assert host.nat[network.uuid] == [(fip.address, fixed)]



@pytest.fixture
def restarting_db(monkeypatch):
    """Once ``.start()``ed, one transaction in three fails as it does
    while the database server restarts (libpq's "Connection refused"):
    whatever minova-network does must survive that by running it
    again. ``.lost``: how many were refused."""
    import contextlib
    import types

    from oslo_db import api as oslo_db_api
    from sqlalchemy import exc as sqla_exc

    from minova.db import api as db_api
    from minova.db import floating_ips as db_fips
    from minova.db import session as db_session
    monkeypatch.setattr(oslo_db_api.time, 'sleep', lambda seconds: None)
    state = types.SimpleNamespace(count=0, lost=0)

    @contextlib.contextmanager
    def scope():
        state.count += 1
        if state.count % 3 == 1:
            state.lost += 1
            raise sqla_exc.OperationalError(
                'SELECT 1', {}, Exception(
                    'connection to server at "127.0.0.1", port 5432 '
                    'failed: Connection refused'))
        with db_session.session_scope() as session:
            yield session

    def start():
        for module in (db_api, db_fips):
            monkeypatch.setattr(module, 'session_scope', scope)
    state.start = start
    return state


def test_every_network_step_survives_a_database_restart(
        ctx, user, fip_api, manager, host, network, restarting_db):
    instance = objects.Instance(ctx, project_id='p', user_id='u',
                                vm_state='active')
    instance.create()
    fip = fip_api.allocate(user)
    restarting_db.start()
    [vif] = manager.allocate_for_instance(ctx, instance.uuid, None, 'h')
    fixed = model.fixed_ips(vif)[0]['address']
    assert host.dhcp[network.uuid] == [(vif['address'], fixed)]
    manager.associate_floating_ip(ctx, fip.address, None, instance.uuid)
    assert host.nat[network.uuid] == [(fip.address, fixed)]
    [shown] = manager.get_instance_nw_info(ctx, instance.uuid)
    assert model.fixed_ips(shown)[0]['address'] == fixed
    assert shown['network']['subnets'][0]['ips'][0]['floating_ips'][0][
        'address'] == fip.address
    manager.disassociate_floating_ip(ctx, fip.address)
    assert host.nat[network.uuid] == []
    assert manager.audit_dhcp(ctx) == []
    instance.destroy()
    manager.sync_host(ctx)               # frees the deleted one's address
    assert host.dhcp[network.uuid] == []
    assert objects.FixedIPList.get_by_instance_uuid(ctx, instance.uuid) \
        .objects == []
    assert restarting_db.lost > 10
