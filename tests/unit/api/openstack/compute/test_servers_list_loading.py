"""A server list loads its objects the fast way (values stored without
coercion where the field would keep them unchanged, one flavor decode
per distinct flavor, the network info decoded once: issue 15); its
bodies must be byte for byte those of objects built through every
field's coercing setter, for servers as varied as the API shows."""

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_versionedobjects import fields as ovo_fields
import pytest

from minova import objects
from minova.objects import base
from minova.objects import instance as instance_obj
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, USER
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.network import fakes as network_fakes


def _coercing_everywhere(monkeypatch):
    """Load objects as before the fast path: every value through its
    field's setter, each flavor from its own JSON."""
    monkeypatch.setattr(base, '_PLANS', {})
    monkeypatch.setattr(base, 'trusted_type', lambda field: None)
    real_plan = base._plan
    # nullable=False: a None goes through the setter too.
    monkeypatch.setattr(base, '_plan', lambda cls: tuple(
        (name, attr, None, False, is_time)
        for name, attr, _t, _n, is_time in real_plan(cls)))

    def store(obj, name, value):
        setattr(obj, name, value)
        obj._changed_fields.discard(name)
    monkeypatch.setattr(base, 'store', store)
    monkeypatch.setattr(
        instance_obj, '_flavor_from_json',
        lambda raw, flavors=None: objects.Flavor.obj_from_primitive(
            jsonutils.loads(raw)))


@pytest.fixture
def varied(api):
    """Servers in several states, on two flavors (one with extra specs),
    with and without host, addresses (two networks, a floating IP),
    metadata, tags, access IPs, faults, a lock, a volume boot."""
    fakes.service('host1')
    tiny = fakes.flavor()
    big = fakes.flavor(flavorid='2', name='m1.big', memory_mb=2048,
                       vcpus=2, extra_specs={'hw:cpu_policy': 'shared'},
                       description='big one')
    launched = timeutils.utcnow().replace(microsecond=123456)
    specs = [
        dict(flavor_obj=tiny, display_name='plain'),
        dict(flavor_obj=big, display_name='rich', metadata={'a': '1',
             'b': 'two'}, tags=['x', 'y'], access_ip_v4='10.9.0.1',
             access_ip_v6='2001:db8::1', locked=True, locked_by='owner',
             display_description='desc', launched_at=launched,
             kernel_id='k', ramdisk_id='r', user_data='dXNlcg==',
             key_name='key', config_drive='True', progress=42,
             system_metadata={'image_min_ram': '0',
                              'image_os_distro': None}),
        dict(flavor_obj=tiny, vm_state='error', display_name='failed'),
        dict(flavor_obj=tiny, vm_state='building', task_state='spawning',
             host=None, display_name='building', image_ref=''),
        dict(flavor_obj=big, vm_state='stopped', display_name='off',
             power_state=4, availability_zone='az1'),
        dict(flavor_obj=tiny, task_state='rebooting', display_name='rb'),
    ]
    made = []
    for n, spec in enumerate(specs):
        inst = sf.server(spec.pop('flavor_obj'), **spec)
        made.append(inst)
        if n % 3 == 2:
            continue        # no info cache row at all
        vifs = [network_fakes.vif('10.0.0.%d' % (n + 2),
                                  'fa:16:3e:00:00:%02x' % n)]
        if n == 1:
            vifs[0]['network']['subnets'][0]['ips'][0]['floating_ips'] = [
                {'address': '172.24.4.9', 'type': 'floating',
                 'version': 4}]
            vifs.append(network_fakes.vif(
                '192.168.1.5', 'fa:16:3e:00:01:01', label='other',
                vif_id='0c8e5e5a-0000-4000-8000-000000000002'))
        objects.InstanceInfoCache(fakes.admin_ctx(), instance_uuid=inst.uuid,
                                  network_info=vifs).save()
    for inst, code in ((made[2], 500), (made[4], 404)):
        objects.InstanceFault(fakes.admin_ctx(), instance_uuid=inst.uuid,
                              code=code, message='boom', details='trace',
                              host='ctl').create()
    # A fault on an ACTIVE server is not shown: only for ERROR/DELETED.
    objects.InstanceFault(fakes.admin_ctx(), instance_uuid=made[0].uuid,
                          code=500, message='old', details='t').create()
    return made


REQUESTS = [
    ('/detail', USER, None),
    ('/detail', USER, '2.26'),
    ('/detail?all_tenants=1', ADMIN, '2.1'),
    ('/detail?all_tenants=1', ADMIN, '2.3'),
    ('/detail?all_tenants=1', ADMIN, '2.38'),
    ('/detail?limit=2', USER, '2.19'),
    ('/detail?sort_key=display_name&sort_dir=asc', USER, '2.9'),
    ('/detail?status=ERROR', USER, None),
    ('', USER, None),
]


@pytest.mark.parametrize('path,token,version', REQUESTS)
def test_list_bodies_equal_fully_coerced_objects(api, varied, monkeypatch,
                                                 path, token, version):
    fast = api.get(sf.SERVERS + path, token=token, version=version)
    assert fast.status_int == 200, fast.text
    with monkeypatch.context() as patch:
        _coercing_everywhere(patch)
        slow = api.get(sf.SERVERS + path, token=token, version=version)
    assert slow.status_int == 200
    assert fast.body == slow.body
    assert fast.json['servers']


def _values(obj):
    """Every set field of ``obj`` (sub-objects expanded) with its type."""
    values = {}
    for name in obj.fields:
        if not obj.obj_attr_is_set(name):
            continue
        value = getattr(obj, name)
        if isinstance(value, base.MinovaObject):
            values[name] = (type(value), _values(value))
        else:
            values[name] = (type(value), value)
    return values


def test_objects_equal_fully_coerced_ones_field_by_field(api, varied,
                                                         monkeypatch):
    def load():
        return {i.uuid: i for i in objects.InstanceList.get_by_filters(
            fakes.admin_ctx(), {}, expected_attrs=['fault', 'info_cache'])}
    fast = load()
    with monkeypatch.context() as patch:
        _coercing_everywhere(patch)
        slow = load()
    assert sorted(fast) == sorted(i.uuid for i in varied)
    for uuid, inst in fast.items():
        assert _values(inst) == _values(slow[uuid])
        assert not inst.obj_what_changed()
        assert not inst.flavor.obj_what_changed()
    # Each instance has its own flavor object, even on a shared flavor.
    flavors = [id(i.flavor) for i in fast.values()]
    assert len(set(flavors)) == len(flavors)


def test_fast_load_skips_coercion_and_the_reference_does_not(
        api, varied, monkeypatch):
    """The two loads really differ in how they store values (else the
    comparisons above compare a path with itself)."""
    calls = []
    real = ovo_fields.UUID.coerce

    def counting(self, obj, attr, value):
        if isinstance(obj, objects.Instance):
            calls.append(attr)
        return real(self, obj, attr, value)
    monkeypatch.setattr(ovo_fields.UUID, 'coerce', counting)
    objects.InstanceList.get_by_filters(fakes.admin_ctx(), {})
    assert calls == []
    with monkeypatch.context() as patch:
        _coercing_everywhere(patch)
        objects.InstanceList.get_by_filters(fakes.admin_ctx(), {})
    assert calls.count('uuid') == len(varied)


def test_a_copied_flavor_is_independent_of_the_list_cache(api, varied):
    first, second = [i for i in objects.InstanceList.get_by_filters(
        fakes.admin_ctx(), {}) if i.flavor.flavorid == '2']
    first.flavor.extra_specs['hw:cpu_policy'] = 'dedicated'
    assert second.flavor.extra_specs == {'hw:cpu_policy': 'shared'}
    assert first.flavor.created_at == second.flavor.created_at
