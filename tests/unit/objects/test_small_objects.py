"""minova.objects: key pairs, flavors, server groups, block device
mappings and request specs."""

import pytest

from minova import exception
from minova import objects
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.compute import fakes


# -- key pairs ----------------------------------------------------------------

def _keypair(name, user_id='alice'):
    key = objects.KeyPair(fakes.ctx(), name=name, user_id=user_id,
                          fingerprint='fp-' + name,
                          public_key='ssh-rsa ' + name, type='ssh')
    key.create()
    return key


def test_keypair_round_trip(db):
    key = _keypair('k1')
    found = objects.KeyPair.get_by_name(fakes.ctx(), 'alice', 'k1')
    assert (found.id, found.public_key, found.type) == \
        (key.id, 'ssh-rsa k1', 'ssh')
    with pytest.raises(exception.KeypairNotFound):
        objects.KeyPair.get_by_name(fakes.ctx(), 'bob', 'k1')
    with pytest.raises(exception.KeyPairExists):
        _keypair('k1')
    _keypair('k1', user_id='bob')      # names are per user
    key.destroy()
    with pytest.raises(exception.KeypairNotFound):
        objects.KeyPair.get_by_name(fakes.ctx(), 'alice', 'k1')


def test_keypair_list_pages_by_name(db):
    for name in ('c', 'a', 'b'):
        _keypair(name)
    _keypair('z', user_id='bob')

    def names(**kwargs):
        return [k.name for k in objects.KeyPairList.get_by_user(
            fakes.ctx(), 'alice', **kwargs)]
    assert names() == ['a', 'b', 'c']
    assert names(limit=2) == ['a', 'b']
    assert names(marker='a') == ['b', 'c']
    with pytest.raises(exception.MarkerNotFound):
        names(marker='z')
    assert objects.KeyPairList.get_count_by_user(fakes.ctx(), 'alice') == 3


# -- flavors ------------------------------------------------------------------

def test_flavor_lookups_and_duplicates(db):
    flavor = fakes.flavor(extra_specs={'hw:cpu_policy': 'dedicated'})
    assert objects.Flavor.get_by_id(fakes.ctx(), flavor.id).name == \
        'm1.tiny'
    assert objects.Flavor.get_by_name(fakes.ctx(),
                                      'm1.tiny').flavorid == '1'
    found = objects.Flavor.get_by_flavor_id(fakes.ctx(), 1)
    assert found.extra_specs == {'hw:cpu_policy': 'dedicated'}
    with pytest.raises(exception.FlavorIdExists):
        fakes.flavor(name='other')
    with pytest.raises(exception.FlavorExists):
        fakes.flavor(flavorid='2')
    with pytest.raises(exception.FlavorNotFound):
        objects.Flavor.get_by_flavor_id(fakes.ctx(), 'nope')
    with pytest.raises(exception.ObjectActionError):
        flavor.create()


def test_flavor_save_and_extra_specs(db):
    flavor = fakes.flavor()
    flavor.description = 'small'
    flavor.extra_specs = {'a': '1'}
    flavor.save()                     # extra specs have their own save
    found = objects.Flavor.get_by_id(fakes.ctx(), flavor.id)
    assert found.description == 'small' and found.extra_specs == {}
    flavor.save_extra_specs()
    assert objects.Flavor.get_by_id(fakes.ctx(),
                                    flavor.id).extra_specs == {'a': '1'}
    flavor.destroy()
    with pytest.raises(exception.FlavorNotFound):
        objects.Flavor.get_by_id(fakes.ctx(), flavor.id)


def test_flavor_list(db):
    fakes.flavor(flavorid='10', name='b', memory_mb=2048, root_gb=20)
    fakes.flavor(flavorid='2', name='a', memory_mb=512, root_gb=1)
    fakes.flavor(flavorid='3', name='c', memory_mb=1024, root_gb=10,
                 is_public=False)

    def ids(**kwargs):
        return [f.flavorid for f in objects.FlavorList.get_all(
            fakes.ctx(), **kwargs)]
    assert ids() == ['10', '2', '3']            # flavor ids sort as text
    assert ids(sort_key='memory_mb') == ['2', '3', '10']
    assert ids(sort_key='name', sort_dir='desc') == ['3', '10', '2']
    assert ids(is_public=True) == ['10', '2']
    assert ids(min_memory_mb=1024, min_disk=15) == ['10']
    assert ids(marker='2', limit=1) == ['3']
    with pytest.raises(exception.MarkerNotFound):
        ids(marker='99')
    with pytest.raises(exception.InvalidSortKey):
        ids(sort_key='extra_specs')


# -- server groups ------------------------------------------------------------

def _group(project_id='proj1', policy='anti-affinity'):
    group = objects.InstanceGroup(fakes.ctx(), name='g', user_id='alice',
                                  project_id=project_id, policy=policy)
    group.create()
    return group


def test_group_members_and_hosts(flavor):
    group = _group()
    assert group.uuid and group.members == []
    on_h1 = fakes.instance(flavor, host='h1')
    on_h2 = fakes.instance(flavor, host='h2')
    unplaced = fakes.instance(flavor)
    members = objects.InstanceGroup.add_members(
        fakes.ctx(), group.uuid, [on_h1.uuid, on_h2.uuid, unplaced.uuid])
    assert sorted(members) == sorted([on_h1.uuid, on_h2.uuid,
                                      unplaced.uuid])
    # Adding twice does not duplicate.
    objects.InstanceGroup.add_members(fakes.ctx(), group.uuid, [on_h1.uuid])
    group = objects.InstanceGroup.get_by_uuid(fakes.ctx(), group.uuid)
    assert len(group.members) == 3
    assert group.get_hosts() == ['h1', 'h2']
    assert group.get_hosts(exclude=[on_h2.uuid]) == ['h1']
    assert objects.InstanceGroup.get_by_instance_uuid(
        fakes.ctx(), on_h2.uuid).uuid == group.uuid


def test_group_lookups(db):
    group = _group()
    _group(project_id='proj2')
    with pytest.raises(exception.InstanceGroupIdExists):
        objects.InstanceGroup(fakes.ctx(), uuid=group.uuid, name='dup',
                              user_id='alice', project_id='proj1',
                              policy='affinity').create()
    with pytest.raises(exception.InstanceGroupNotFound):
        objects.InstanceGroup.get_by_uuid(fakes.ctx(), sf.IMAGE)
    with pytest.raises(exception.InstanceGroupNotFound):
        objects.InstanceGroup.get_by_instance_uuid(fakes.ctx(), sf.IMAGE)
    with pytest.raises(exception.InstanceGroupNotFound):
        objects.InstanceGroup.add_members(fakes.ctx(), sf.IMAGE, ['x'])
    assert len(objects.InstanceGroupList.get_by_project_id(
        fakes.ctx())) == 2
    assert [g.uuid for g in objects.InstanceGroupList.get_by_project_id(
        fakes.ctx(), 'proj1')] == [group.uuid]
    group.destroy()
    assert len(objects.InstanceGroupList.get_by_project_id(
        fakes.ctx())) == 1


# -- block device mappings and request specs ----------------------------------

def test_block_device_mappings(flavor):
    inst = fakes.instance(flavor)
    objects.BlockDeviceMapping(fakes.ctx(), instance_uuid=inst.uuid,
                               source_type='image', destination_type='local',
                               boot_index=0, image_id=sf.IMAGE,
                               delete_on_termination=True).create()
    [bdm] = objects.BlockDeviceMappingList.get_by_instance_uuid(
        fakes.ctx(), inst.uuid)
    assert (bdm.boot_index, bdm.image_id, bdm.delete_on_termination) == \
        (0, sf.IMAGE, True)
    assert objects.BlockDeviceMappingList.get_by_instance_uuid(
        fakes.ctx(), sf.IMAGE).objects == []


def test_request_spec_defaults_and_hints():
    spec = objects.RequestSpec(scheduler_hints={'group': ['g1'],
                                                'same_host': ['a', 'b']})
    assert spec.retry is None and spec.instance_group is None
    assert spec.force_hosts == [] and spec.num_instances == 1
    assert spec.get_scheduler_hint('group') == 'g1'
    assert spec.get_scheduler_hint('same_host') == ['a', 'b']
    assert spec.get_scheduler_hint('nope', 'dflt') == 'dflt'
    copy = objects.RequestSpec.obj_from_primitive(spec.obj_to_primitive())
    assert copy.scheduler_hints == spec.scheduler_hints
