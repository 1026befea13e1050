"""The network objects: info caches (and Instance's info_cache), and the
unique constraints that decide allocation races."""

from oslo_utils import uuidutils
import pytest

from minova import exception
from minova import objects
from tests.unit.api import fakes
from tests.unit.network import fakes as network_fakes


def test_info_cache_upsert_and_instance_attr(db, admin_ctx):
    inst = fakes.instance()
    cache = objects.InstanceInfoCache.get_by_instance_uuid(admin_ctx,
                                                           inst.uuid)
    assert cache.network_info == [] and cache.updated_at is None
    cache.network_info = [network_fakes.vif()]
    cache.save()
    cache.network_info = [network_fakes.vif('10.0.0.3')]
    cache.save()
    got = objects.Instance.get_by_uuid(admin_ctx, inst.uuid,
                                       expected_attrs=['info_cache'])
    assert got.info_cache.network_info == [network_fakes.vif('10.0.0.3')]
    listed = objects.InstanceList.get_by_filters(
        admin_ctx, {'uuid': [inst.uuid]}, expected_attrs=['info_cache'])
    assert listed[0].info_cache.network_info == got.info_cache.network_info
    # Without asking, nothing is loaded.
    plain = objects.Instance.get_by_uuid(admin_ctx, inst.uuid)
    assert not plain.obj_attr_is_set('info_cache')


def test_info_cache_travels_as_primitives(db, admin_ctx):
    cache = objects.InstanceInfoCache(
        admin_ctx, instance_uuid=uuidutils.generate_uuid(),
        network_info=[network_fakes.vif()], updated_at=None)
    back = objects.InstanceInfoCache.obj_from_primitive(
        cache.obj_to_primitive())
    assert back.network_info == [network_fakes.vif()]
    with pytest.raises(ValueError):
        cache.network_info = {'not': 'a list'}


def test_vif_macs_are_unique(db, admin_ctx):
    from minova.network import api as network_api
    net = network_api.API().create(admin_ctx, 'n', '10.0.0.0/24', 'br0')
    values = dict(address='fa:16:3e:00:00:01', network_id=net.id,
                  instance_uuid=uuidutils.generate_uuid())
    objects.VirtualInterface(admin_ctx, uuid=uuidutils.generate_uuid(),
                             **values).create()
    with pytest.raises(exception.VirtualInterfaceExists):
        objects.VirtualInterface(admin_ctx, uuid=uuidutils.generate_uuid(),
                                 **values).create()
