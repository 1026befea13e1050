"""Networks in the compute API: requested networks of a create (checked
before any row is written), the server's addresses, /ips, os-interface
(read-only) and os-networks (gone from 2.36, as in Nova)."""

from oslo_utils import uuidutils
import pytest

from minova import context as minova_context
from minova.network import api as network_api
from minova import objects
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.network import fakes as network_fakes

pytestmark = pytest.mark.usefixtures('images', 'flavor')


@pytest.fixture
def net(api):
    return network_api.API().create(minova_context.get_admin_context(),
                                    'private', '10.0.0.0/24', 'br100',
                                    dns=['192.0.2.53'])


def _create(api, version=None, **server):
    return api.post(sf.SERVERS, sf.body(**server), version=version)


def _sent_networks(casts):
    [(_args, kwargs)] = casts['build_instances'].calls
    return kwargs['requested_networks']


def _refused(api, casts, resp, code):
    message = assert_fault(resp, code)
    assert sf.row_counts() == sf.NO_ROWS
    assert casts['build_instances'].calls == []
    return message


def _holder(net, address):
    """A server holding ``address`` of ``net``."""
    instance_uuid = uuidutils.generate_uuid()
    objects.FixedIP(minova_context.get_admin_context(), network_id=net.id,
                    address=address, allocated=True,
                    instance_uuid=instance_uuid).create()
    return instance_uuid


# -- requested networks ---------------------------------------------------

def test_requested_network_and_address_reach_the_build(api, casts, net):
    resp = _create(api, networks=[{'uuid': net.uuid,
                                   'fixed_ip': '10.0.0.9'}])
    assert resp.status_int == 202, resp.text
    assert _sent_networks(casts) == [{'uuid': net.uuid,
                                      'fixed_ip': '10.0.0.9'}]


@pytest.mark.parametrize('networks', [None, []])
def test_omitted_networks_mean_the_default_one(api, casts, net, networks):
    assert _create(api, networks=networks).status_int == 202
    assert _sent_networks(casts) is None


def test_several_networks_make_the_default_ambiguous(api, casts, net,
                                                     conf):
    network_api.API().create(minova_context.get_admin_context(), 'other',
                             '10.1.0.0/24', 'br101')
    message = _refused(api, casts, _create(api), 409)
    assert message.startswith('More than one possible network found.')
    conf.config(default_network='other', group='network')
    assert _create(api).status_int == 202


def test_none_in_2_37_skips_the_check(api, casts, net):
    network_api.API().create(minova_context.get_admin_context(), 'other',
                             '10.1.0.0/24', 'br101')
    resp = _create(api, version='2.37', networks='none')
    assert resp.status_int == 202, resp.text
    assert _sent_networks(casts) == []


@pytest.mark.parametrize('networks,message', [
    ([{'uuid': 'not-a-uuid'}],
     'Bad networks format: network uuid is not in proper format '
     '(not-a-uuid)'),
    ([{'uuid': '3f7e4d2c-0000-4000-8000-000000000000'}],
     'Network 3f7e4d2c-0000-4000-8000-000000000000 could not be found.'),
    ([{'uuid': 'NET'}, {'uuid': 'NET'}],
     'Duplicate networks (NET) are not allowed'),
    ([{'uuid': 'NET', 'fixed_ip': '10.9.0.5'}],
     'Fixed IP address (10.9.0.5) does not exist in network (NET).'),
    ([{'uuid': 'NET', 'fixed_ip': '10.0.0.1'}],
     'Fixed IP address 10.0.0.1 is reserved in network NET'),
    ([{'uuid': 'NET', 'fixed_ip': '10.0.0.255'}],
     'Fixed IP address 10.0.0.255 is reserved in network NET'),
    ([{'port': sf.IMAGE}], 'Invalid input received: Ports need a '
                           'Networking service (neutron)'),
])
def test_bad_requested_networks_are_400(api, casts, net, networks,
                                        message):
    networks = [{k: v.replace('NET', net.uuid) for k, v in n.items()}
                for n in networks]
    got = _refused(api, casts, _create(api, networks=networks), 400)
    assert got.startswith(message.replace('NET', net.uuid)), got


def test_a_taken_address_is_400(api, casts, net):
    holder = _holder(net, '10.0.0.7')
    got = _refused(api, casts, _create(
        api, networks=[{'uuid': net.uuid, 'fixed_ip': '10.0.0.7'}]), 400)
    assert got == ('Fixed IP address 10.0.0.7 is already in use on '
                   'instance %s.' % holder)


# -- what a server shows --------------------------------------------------

@pytest.fixture
def addressed(api, flavor):
    inst = sf.server(flavor)
    objects.InstanceInfoCache(
        minova_context.get_admin_context(), instance_uuid=inst.uuid,
        network_info=[network_fakes.vif('10.0.0.2', 'fa:16:3e:00:00:02'),
                      network_fakes.vif('10.1.0.5', 'fa:16:3e:00:00:05',
                                        vif_id=uuidutils.generate_uuid(),
                                        label='other')]).save()
    return inst


def test_server_body_addresses(api, addressed):
    expected = {
        'private': [{'addr': '10.0.0.2', 'version': 4,
                     'OS-EXT-IPS:type': 'fixed',
                     'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:02'}],
        'other': [{'addr': '10.1.0.5', 'version': 4,
                   'OS-EXT-IPS:type': 'fixed',
                   'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:05'}]}
    shown = api.get(sf.SERVERS + '/' + addressed.uuid).json['server']
    assert shown['addresses'] == expected
    assert list(shown['addresses']) == ['private', 'other']
    detail = api.get(sf.SERVERS + '/detail').json['servers']
    assert detail[0]['addresses'] == expected


def test_server_without_network_info_has_no_addresses(api, flavor):
    inst = sf.server(flavor)
    shown = api.get(sf.SERVERS + '/' + inst.uuid).json['server']
    assert shown['addresses'] == {}


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.38'])
def test_ips(api, addressed, version):
    base = sf.SERVERS + '/%s/ips' % addressed.uuid
    resp = api.get(base, version=version)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'addresses': {
        'private': [{'addr': '10.0.0.2', 'version': 4}],
        'other': [{'addr': '10.1.0.5', 'version': 4}]}}
    assert api.get(base + '/other', version=version).json == {
        'other': [{'addr': '10.1.0.5', 'version': 4}]}
    message = assert_fault(api.get(base + '/public', version=version), 404)
    assert message == 'Instance is not a member of specified network'


def test_ips_of_another_project_are_hidden(api, addressed):
    base = sf.SERVERS + '/%s/ips' % addressed.uuid
    assert_fault(api.get(base, token=OTHER), 404)
    assert api.get(base, token=ADMIN).status_int == 200


def test_os_interface(api, addressed):
    base = sf.SERVERS + '/%s/os-interface' % addressed.uuid
    ports = api.get(base).json['interfaceAttachments']
    assert ports[0] == {
        'port_id': network_fakes.vif()['id'],
        'net_id': network_fakes.NETWORK_UUID,
        'mac_addr': 'fa:16:3e:00:00:02', 'port_state': 'ACTIVE',
        'fixed_ips': [{'subnet_id': network_fakes.NETWORK_UUID,
                       'ip_address': '10.0.0.2'}]}
    assert len(ports) == 2
    one = api.get(base + '/' + ports[1]['port_id']).json
    assert one == {'interfaceAttachment': ports[1]}
    missing = uuidutils.generate_uuid()
    assert assert_fault(api.get(base + '/' + missing), 404) == \
        'Port %s could not be found.' % missing
    assert api.post(base, {'interfaceAttachment': {}}).status_int == 405


# -- os-networks ----------------------------------------------------------

def test_os_networks_for_users_and_admins(api, net):
    [shown] = api.get('/v2.1/os-networks').json['networks']
    assert shown == {'id': net.uuid, 'label': 'private',
                     'cidr': '10.0.0.0/24', 'netmask': '255.255.255.0',
                     'gateway': '10.0.0.1', 'broadcast': '10.0.0.255',
                     'dns1': '192.0.2.53', 'dns2': None, 'cidr_v6': None,
                     'gateway_v6': None, 'netmask_v6': None}
    admin = api.get('/v2.1/os-networks/%s' % net.uuid,
                    token=ADMIN).json['network']
    assert admin['bridge'] == 'br100'
    assert admin['dhcp_start'] == '10.0.0.2'
    assert admin['dhcp_server'] == '10.0.0.1'
    assert admin['deleted'] is False and admin['created_at']
    legacy = api.get('/v2/proj1/os-networks')
    assert legacy.status_int == 200, legacy.text


def test_os_networks_show_unknown_is_404(api, net):
    missing = uuidutils.generate_uuid()
    assert assert_fault(api.get('/v2.1/os-networks/' + missing), 404) == \
        'Network %s could not be found.' % missing


@pytest.mark.parametrize('version,status', [('2.35', 200), ('2.36', 404),
                                            ('2.38', 404)])
def test_os_networks_is_a_proxy_api_removed_in_2_36(api, net, version,
                                                    status):
    for path in ('/v2.1/os-networks', '/v2.1/os-networks/' + net.uuid):
        assert api.get(path, version=version).status_int == status
