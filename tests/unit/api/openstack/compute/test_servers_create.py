"""POST /servers: what a create writes and sends, and every refusal
(which must write nothing and send nothing)."""

import base64

import pytest

from minova import objects
from minova import quota
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.api.openstack.compute.server_fakes import body

pytestmark = pytest.mark.usefixtures('images', 'flavor')


def _instances(**filters):
    filters.setdefault('project_id', 'proj1')
    return objects.InstanceList.get_by_filters(
        fakes.admin_ctx(), filters, sort_keys=['launch_index'],
        sort_dirs=['asc']).objects


def _create(api, version=None, token=fakes.USER, **server):
    return api.post(sf.SERVERS, body(**server), version=version,
                    token=token)


def _sent(casts):
    """(instances, image, request_spec, kwargs) of the one build cast."""
    [(args, kwargs)] = casts['build_instances'].calls
    _context, instances, image, spec = args
    return instances, image, spec, kwargs


# -- success ----------------------------------------------------------------

def test_create_one(api, casts):
    resp = _create(api, adminPass='s3cret', metadata={'role': 'web'})
    assert resp.status_int == 202, resp.text
    server = resp.json['server']
    assert set(server) == {'id', 'links', 'OS-DCF:diskConfig',
                           'security_groups', 'adminPass'}
    assert server['adminPass'] == 's3cret'
    assert resp.headers['Location'] == \
        'http://localhost/v2.1/servers/%s' % server['id']
    assert server['links'][0] == {'rel': 'self',
                                  'href': resp.headers['Location']}
    [inst] = _instances()
    assert inst.uuid == server['id']
    assert (inst.vm_state, inst.task_state) == ('building', 'scheduling')
    assert inst.display_name == 'vm' and inst.hostname == 'vm'
    assert inst.metadata == {'role': 'web'}
    assert inst.flavor.flavorid == '1' and inst.memory_mb == 512
    assert inst.image_ref == sf.IMAGE and inst.host is None
    assert inst.availability_zone is None
    [bdm] = objects.BlockDeviceMappingList.get_by_instance_uuid(
        fakes.admin_ctx(), inst.uuid)
    assert (bdm.source_type, bdm.destination_type, bdm.boot_index,
            bdm.image_id) == ('image', 'local', 0, sf.IMAGE)
    [action] = objects.InstanceActionList.get_by_instance_uuid(
        fakes.admin_ctx(), inst.uuid)
    assert action.action == 'create' and action.user_id == 'alice'
    instances, image, spec, kwargs = _sent(casts)
    assert [i.uuid for i in instances] == [inst.uuid]
    assert image['id'] == sf.IMAGE
    assert spec.num_instances == 1 and spec.flavor.flavorid == '1'
    assert spec.force_hosts == [] and spec.project_id == 'proj1'
    assert kwargs == {'admin_password': 's3cret',
                      'requested_networks': None}


def test_generated_admin_password(api, casts):
    password = _create(api).json['server']['adminPass']
    assert len(password) == 12 and password.isalnum()
    assert _sent(casts)[3]['admin_password'] == password


def test_multi_create_names_and_reservation(api, casts):
    resp = _create(api, min_count=2, max_count=3)
    assert resp.status_int == 202, resp.text
    instances = _instances()
    assert [i.display_name for i in instances] == ['vm-1', 'vm-2', 'vm-3']
    assert [i.launch_index for i in instances] == [0, 1, 2]
    assert len({i.reservation_id for i in instances}) == 1
    assert resp.json['server']['id'] == instances[0].uuid
    sent, _image, spec, _kw = _sent(casts)
    assert [i.uuid for i in sent] == [i.uuid for i in instances]
    assert spec.num_instances == 3


def test_multi_create_stops_at_quota(api, casts, conf):
    conf.config(instances=2, group='quota')
    assert _create(api, min_count=1, max_count=5).status_int == 202
    assert len(_instances()) == 2


def test_return_reservation_id(api, casts):
    resp = _create(api, max_count=2, return_reservation_id=True)
    assert resp.status_int == 202
    assert set(resp.json) == {'reservation_id'}
    reservation = resp.json['reservation_id']
    assert reservation.startswith('r-')
    assert {i.reservation_id for i in _instances()} == {reservation}


def test_user_data_key_and_config_drive(api, casts):
    objects.KeyPair(fakes.user_ctx(), name='mykey', user_id='alice',
                    fingerprint='fp', public_key='ssh-rsa AAAA',
                    type='ssh').create()
    user_data = base64.b64encode(b'#!/bin/sh\necho hi\n').decode()
    resp = _create(api, user_data=user_data, key_name='mykey',
                   config_drive=True, accessIPv4='192.0.2.5')
    assert resp.status_int == 202, resp.text
    [inst] = _instances()
    assert inst.user_data == user_data
    assert (inst.key_name, inst.key_data) == ('mykey', 'ssh-rsa AAAA')
    assert inst.config_drive == 'True'
    assert inst.access_ip_v4 == '192.0.2.5'


def test_access_ips_are_canonicalised(api, casts):
    # As Nova's IPV4/IPV6AddressField print them through netaddr.
    resp = _create(api, accessIPv4='192.0.2.5',
                   accessIPv6='2001:DB8:0000:0000::0001')
    assert resp.status_int == 202, resp.text
    [inst] = _instances()
    assert (inst.access_ip_v4, inst.access_ip_v6) == ('192.0.2.5',
                                                      '2001:db8::1')


def test_image_properties_reach_system_metadata_and_spec(api, casts,
                                                         images):
    images[sf.IMAGE] = dict(sf.image(properties={'hw_disk_bus': 'virtio'}),
                            disk_format='qcow2')
    assert _create(api).status_int == 202
    [inst] = _instances()
    assert inst.system_metadata['image_hw_disk_bus'] == 'virtio'
    assert inst.system_metadata['image_disk_format'] == 'qcow2'
    assert _sent(casts)[2].image_properties == {'hw_disk_bus': 'virtio'}


def test_image_ref_as_url(api, casts):
    resp = _create(api, imageRef='http://glance/v2/images/' + sf.IMAGE,
                   flavorRef='http://localhost/v2.1/flavors/1')
    assert resp.status_int == 202, resp.text
    assert _instances()[0].image_ref == sf.IMAGE


def test_availability_zone(api, casts):
    fakes.compute_node('host1', availability_zone='az1')
    assert _create(api, availability_zone='az1').status_int == 202
    assert _instances()[0].availability_zone == 'az1'
    assert _sent(casts)[2].availability_zone == 'az1'


def test_forced_host_as_admin(api, casts):
    resp = _create(api, token=ADMIN, availability_zone='nova:host1:node1')
    assert resp.status_int == 202, resp.text
    spec = _sent(casts)[2]
    assert spec.force_hosts == ['host1'] and spec.force_nodes == ['node1']
    assert spec.availability_zone == 'nova'


def test_scheduler_hints_reach_the_spec(api, casts):
    group = objects.InstanceGroup(fakes.user_ctx(), name='g',
                                  user_id='alice', project_id='proj1',
                                  policy='anti-affinity')
    group.create()
    req = body()
    req['os:scheduler_hints'] = {'group': group.uuid, 'custom': 'x'}
    assert api.post(sf.SERVERS, req).status_int == 202
    spec = _sent(casts)[2]
    assert spec.scheduler_hints == {'group': [group.uuid],
                                    'custom': ['x']}
    assert spec.instance_group.uuid == group.uuid
    assert objects.InstanceGroup.get_by_uuid(
        fakes.admin_ctx(), group.uuid).members == [_instances()[0].uuid]


def test_description_from_2_19(api, casts):
    assert _create(api, version='2.19',
                   description='my server').status_int == 202
    assert _instances()[0].display_description == 'my server'


@pytest.mark.parametrize('networks,requested', [('auto', None),
                                                ('none', [])])
def test_networks_auto_and_none_in_2_37(api, casts, networks, requested):
    resp = _create(api, version='2.37', networks=networks)
    assert resp.status_int == 202, resp.text
    assert _sent(casts)[3]['requested_networks'] == requested


def test_legacy_v2_ignores_2_37_and_extra_properties(api, casts):
    req = body(unknown='tolerated')
    resp = api.post('/v2/proj1/servers', req, version='2.37')
    assert resp.status_int == 202, resp.text
    assert 'OpenStack-API-Version' not in resp.headers
    assert resp.headers['Location'].startswith(
        'http://localhost/v2/proj1/servers/')


@pytest.mark.parametrize('description', [[], {'a': 1}, 7, 'text'])
def test_legacy_v2_ignores_a_description(api, casts, description):
    """The legacy /v2 tolerates what it does not know, of any type; a
    description (2.19) is not stored there (a list was a 500)."""
    resp = api.post('/v2/proj1/servers', body(description=description))
    assert resp.status_int == 202, resp.text
    [instance] = _instances()
    assert instance.display_description is None


# -- refusals: status, Nova's body, nothing written, nothing sent ------------

def _refused(api, casts, resp, code):
    message = assert_fault(resp, code) if code in (400, 403, 404, 409) \
        else None
    assert sf.row_counts() == sf.NO_ROWS
    assert casts['build_instances'].calls == []
    return message


@pytest.mark.parametrize('raw', [b'{"server": ', b'not json', b'[1, 2'])
def test_malformed_json(api, casts, raw):
    message = _refused(api, casts, api.post(sf.SERVERS, raw), 400)
    assert 'Malformed message body' in message


def test_empty_body(api, casts):
    resp = api.request('POST', sf.SERVERS, body=b'')
    assert 'Malformed message body' in _refused(api, casts, resp, 400)


BAD_BODIES = [
    ({'server': {'name': 'vm', 'imageRef': sf.IMAGE}},
     "'flavorRef' is a required property"),
    ({'server': {'flavorRef': '1', 'imageRef': sf.IMAGE}},
     "'name' is a required property"),
    ({}, "'server' is a required property"),
    ({'server': 'vm'}, "Invalid input for field/attribute server. Value: "
                       "vm. 'vm' is not of type 'object'"),
    ([], "[] is not of type 'object'"),
    (body(foo='bar'),
     "Additional properties are not allowed ('foo' was unexpected)"),
    ({'server': body()['server'], 'extra': 1},
     "Additional properties are not allowed ('extra' was unexpected)"),
    (body(name=5), 'Invalid input for field/attribute name. Value: 5.'),
    (body(name=''), 'Invalid input for field/attribute name.'),
    (body(name=' padded'), 'Invalid input for field/attribute name.'),
    (body(min_count=0), 'Invalid input for field/attribute min_count. '
                        'Value: 0. 0 is less than the minimum of 1'),
    (body(min_count='0'), 'Invalid input for field/attribute min_count. '
                          'Value: 0. 0 is less than the minimum of 1'),
    (body(max_count='two'), 'Invalid input for field/attribute max_count.'),
    (body(metadata={'k': 1}), 'Invalid input for field/attribute k.'),
    (body(metadata='x'), 'Invalid input for field/attribute metadata.'),
    (body(user_data='not base64!'),
     "Invalid input for field/attribute user_data. Value: not base64!. "
     "'not base64!' is not a 'base64'"),
    (body(accessIPv4='300.1.1.1'),
     'Invalid input for field/attribute accessIPv4.'),
    (body(config_drive='perhaps'),
     'Invalid input for field/attribute config_drive.'),
    (body(description='d'),
     "Additional properties are not allowed ('description' was "
     "unexpected)"),
    (body(networks='auto'),
     "Invalid input for field/attribute networks. Value: auto. 'auto' is "
     "not of type 'array'"),
    (body(networks=[{'uuid': 'x', 'bogus': 1}]),
     "Additional properties are not allowed ('bogus' was unexpected)"),
]


@pytest.mark.parametrize('req,message', BAD_BODIES)
def test_schema_errors(api, casts, req, message):
    got = _refused(api, casts, api.post(sf.SERVERS, req), 400)
    assert got.startswith(message), got


def test_networks_required_in_2_37(api, casts):
    got = _refused(api, casts, _create(api, version='2.37'), 400)
    assert got == "'networks' is a required property"


@pytest.mark.parametrize('server,message', [
    (dict(flavorRef='99'), 'Flavor 99 could not be found.'),
    (dict(imageRef='1a2b3c4d-0000-4000-8000-000000000000'),
     'Can not find requested image'),
    (dict(imageRef='not-a-uuid'), 'Can not find requested image'),
    (dict(imageRef=''), 'Invalid input received: imageRef is required'),
    (dict(imageRef=sf.INACTIVE_IMAGE),
     'Image %s is not active.' % sf.INACTIVE_IMAGE),
    (dict(imageRef=sf.BIG_IMAGE),
     "Flavor's memory is too small for requested image."),
    (dict(key_name='nokey'), 'Invalid key_name provided.'),
    (dict(min_count=3, max_count=2), 'min_count must be <= max_count'),
    (dict(availability_zone='nowhere'),
     'The requested availability zone is not available'),
    (dict(availability_zone='a:b:c:d'),
     'Invalid input received: Unable to parse availability_zone'),
    (dict(networks=[{'port': sf.IMAGE}]),
     'Invalid input received: Ports need a Networking service'),
    (dict(networks=[{'uuid': sf.IMAGE}]),
     'Network %s could not be found.' % sf.IMAGE),
    (dict(networks=[{'uuid': sf.IMAGE, 'fixed_ip': '10.0.0.5'}],
          max_count=2),
     'Invalid input received: max_count cannot be greater than 1'),
    (dict(block_device_mapping_v2=[{'source_type': 'volume',
                                    'uuid': sf.IMAGE, 'boot_index': 0}]),
     'Invalid input received: Block device mappings to volumes'),
])
def test_refused_with_400(api, casts, server, message):
    got = _refused(api, casts, _create(api, **server), 400)
    assert got.startswith(message), got


def test_disabled_flavor_is_unknown(api, casts, flavor):
    flavor.disabled = True
    flavor.save()
    assert _refused(api, casts, _create(api), 400) == \
        'Flavor 1 could not be found.'


def test_image_with_big_min_disk(api, casts, images):
    images[sf.IMAGE] = sf.image(min_disk=20)
    assert _refused(api, casts, _create(api), 400) == \
        "Flavor's disk is too small for requested image."


def test_unknown_server_group_hint(api, casts):
    req = body()
    req['os:scheduler_hints'] = {'group': sf.IMAGE}
    got = _refused(api, casts, api.post(sf.SERVERS, req), 400)
    assert got == 'Invalid server group %s in scheduler hints.' % sf.IMAGE


def test_forced_host_needs_admin(api, casts):
    got = _refused(api, casts, _create(api, availability_zone='nova:h1'),
                   403)
    assert 'os_compute_api:servers:create:forced_host' in got


def test_over_instance_quota(api, casts, conf):
    conf.config(instances=2, group='quota')
    got = _refused(api, casts, _create(api, min_count=3), 403)
    assert got == ('Quota exceeded for instances: Requested 3, but already '
                   'used 0 of 2 instances')


def test_over_ram_quota(api, casts, conf):
    conf.config(ram=1000, group='quota')
    got = _refused(api, casts, _create(api, min_count=2), 403)
    assert got == ('Quota exceeded for ram: Requested 1024, but already used '
                   '0 of 1000 ram')


def test_over_metadata_quota(api, casts, conf):
    conf.config(metadata_items=2, group='quota')
    got = _refused(api, casts,
                   _create(api, metadata={'a': '1', 'b': '2', 'c': '3'}),
                   403)
    assert got == 'Quota exceeded for resources: metadata_items'


def test_over_quota_from_project_override(api, casts):
    with quota.db.session_scope() as session:
        session.add(quota.db.models.Quota(project_id='proj1',
                                          resource='instances',
                                          hard_limit=0))
    _refused(api, casts, _create(api), 403)


@pytest.mark.parametrize('header,code', [('2.1.1', 400), ('two', 400),
                                         ('3.0', 406), ('2.99', 406),
                                         ('1.1', 406)])
def test_bad_microversion(api, casts, header, code):
    resp = _create(api, version=header)
    assert resp.status_int == code, resp.text
    name = {400: 'badRequest', 406: 'notAcceptable'}[code]
    assert resp.json[name]['code'] == code
    _refused(api, casts, resp, code)


def test_unsupported_media_type(api, casts):
    resp = api.post(sf.SERVERS, body(),
                    headers={'Content-Type': 'application/xml'})
    assert resp.status_int == 415
    assert resp.json['badMediaType']['code'] == 415
    _refused(api, casts, resp, 415)


def test_quota_recheck_race_undoes_rows(api, casts, monkeypatch):
    def lost_the_race(project_id, limits=None):
        raise quota.exception.TooManyInstances(
            overs='instances', req=0, used=11, allowed=10)
    monkeypatch.setattr(quota, 'recheck_instances', lost_the_race)
    _refused(api, casts, _create(api, max_count=3), 403)
