"""Fixtures of the Network API tests: a fixed network with one server
on it (a port), the pool ``public``, and minova-network's floating IP
calls done in process on the rows (as its manager does, minus the NAT)."""

from oslo_utils import uuidutils
import pytest

from minova.network import api as network_api
from minova.network import ipam
from minova.network import rpcapi as network_rpcapi
from minova import objects
from tests.unit.api import fakes

NET = '/networking/v2.0'


@pytest.fixture
def network(api):
    return network_api.API().create(fakes.admin_ctx(), 'private',
                                    '10.0.0.0/24', 'br100')


@pytest.fixture
def server(network):
    """A server of proj1 with one port on ``network``."""
    ctx = fakes.admin_ctx()
    inst = fakes.instance(display_name='vm1')
    vif = objects.VirtualInterface(ctx, uuid=uuidutils.generate_uuid(),
                                   address='fa:16:3e:00:00:01',
                                   network_id=network.id,
                                   instance_uuid=inst.uuid)
    vif.create()
    fixed = ipam.allocate_fixed_ip(ctx, network, inst.uuid, vif.id)
    return inst, vif, fixed


@pytest.fixture
def pool(api):
    objects.FloatingIPList.create_pool(fakes.admin_ctx(), 'public',
                                       ['172.24.4.%d' % i for i in (1, 2)])


@pytest.fixture
def rpc(monkeypatch):
    """Records minova-network's calls and makes them on the rows."""
    made = []

    def associate(self, ctxt, address, fixed_address, instance_uuid):
        made.append(('associate', address, fixed_address, instance_uuid))
        [fixed] = [ip for ip in objects.FixedIPList.get_by_instance_uuid(
            ctxt, instance_uuid) if ip.address == fixed_address]
        objects.FloatingIP.get_by_address(ctxt, address).associate(fixed.id)

    def disassociate(self, ctxt, address):
        made.append(('disassociate', address))
        objects.FloatingIP.get_by_address(ctxt, address).disassociate()
    monkeypatch.setattr(network_rpcapi.NetworkAPI, 'associate_floating_ip',
                        associate)
    monkeypatch.setattr(network_rpcapi.NetworkAPI,
                        'disassociate_floating_ip', disassociate)
    return made


@pytest.fixture
def refreshes(monkeypatch):
    from minova.compute import rpcapi as compute_rpcapi
    made = []
    monkeypatch.setattr(
        compute_rpcapi.ComputeAPI, 'refresh_instance_security_rules',
        lambda self, ctxt, uuids: made.append(list(uuids)))
    return made


def assert_neutron_error(resp, code, error_type=None):
    assert resp.status_int == code, resp.text
    body = resp.json
    assert list(body) == ['NeutronError'], body
    error = body['NeutronError']
    assert sorted(error) == ['detail', 'message', 'type']
    assert isinstance(error['message'], str) and error['message']
    if error_type is not None:
        assert error['type'] == error_type, error
    return error['message']
