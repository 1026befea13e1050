"""minova.compute.api: create's rows and their undo, state checks, reads."""

import dataclasses

import pytest

from minova.compute import api as compute_api
from minova import context as minova_context
from minova import exception
from minova import objects
from minova import quota
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.compute import fakes


class ImageAPI:
    def __init__(self, image=None):
        self.image = dict(image or fakes.IMAGE)

    def show(self, context, image_id):
        if image_id != self.image['id']:
            raise exception.ImageNotFound(image_id=image_id)
        return dict(self.image)


@pytest.fixture
def compute(db, monkeypatch):
    api = compute_api.API(image_api=ImageAPI())
    api.builds = sf.Recorder()
    monkeypatch.setattr(api.compute_task_api, 'build_instances', api.builds)
    for name in ('terminate_instance', 'reboot_instance', 'stop_instance',
                 'start_instance', 'get_console_output'):
        monkeypatch.setattr(api.compute_rpcapi, name, sf.Recorder('out'))
    return api


@pytest.fixture
def flavor(db):
    return fakes.flavor()


def _group(context):
    group = objects.InstanceGroup(context, name='g', user_id='alice',
                                  project_id='proj1', policy='affinity')
    group.create()
    return group


def test_create_writes_rows_and_casts_once(compute, flavor):
    context = fakes.ctx()
    instances, reservation = compute.create(
        context, fakes.boot_request(flavor, min_count=2, max_count=2))
    assert [i.display_name for i in instances] == ['vm-1', 'vm-2']
    assert [i.hostname for i in instances] == ['vm-1', 'vm-2']
    assert {i.reservation_id for i in instances} == {reservation}
    assert sf.row_counts() == {'instances': 2, 'block_device_mapping': 2,
                               'instance_actions': 2}
    [(args, kwargs)] = compute.builds.calls
    assert args[1] == instances and args[3].num_instances == 2
    assert kwargs == {'admin_password': 'pw', 'requested_networks': None}


def test_quota_recheck_race_leaves_nothing(compute, flavor, monkeypatch):
    context = fakes.ctx()
    group = _group(context)

    def raced(project_id, limits=None):
        # Another request's rows landed meanwhile: this one must go.
        assert sf.row_counts()['instances'] == 3
        raise exception.TooManyInstances(overs='instances', req=3, used=13,
                                         allowed=10)
    monkeypatch.setattr(quota, 'recheck_instances', raced)
    boot = fakes.boot_request(flavor, max_count=3,
                              scheduler_hints={'group': group.uuid})
    with pytest.raises(exception.TooManyInstances):
        compute.create(context, boot)
    assert sf.row_counts() == sf.NO_ROWS
    assert objects.InstanceGroup.get_by_uuid(context, group.uuid).members \
        == []
    assert compute.builds.calls == []


def test_failure_while_writing_undoes_earlier_rows(compute, flavor,
                                                   monkeypatch):
    real = objects.BlockDeviceMapping.create
    made = []

    def second_fails(self):
        if made:
            raise RuntimeError('database went away')
        made.append(self)
        return real(self)
    monkeypatch.setattr(objects.BlockDeviceMapping, 'create', second_fails)
    with pytest.raises(RuntimeError):
        compute.create(fakes.ctx(), fakes.boot_request(flavor, max_count=2))
    assert sf.row_counts() == sf.NO_ROWS


def test_recheck_can_be_turned_off(compute, flavor, monkeypatch, conf):
    conf.config(recheck_quota=False, group='quota')
    monkeypatch.setattr(quota, 'recheck_instances',
                        lambda *args: pytest.fail('rechecked'))
    instances, _ = compute.create(fakes.ctx(), fakes.boot_request(flavor))
    assert len(instances) == 1


def test_create_refusals_write_nothing(compute, flavor):
    context = fakes.ctx()
    for boot, error in [
            (fakes.boot_request(flavor, image_id=None),
             exception.InvalidInput),
            (fakes.boot_request(flavor, image_id=sf.BIG_IMAGE),
             exception.ImageNotFoundForCreate),
            (fakes.boot_request(flavor, key_name='missing'),
             exception.KeypairNotFoundForCreate),
            (fakes.boot_request(flavor, availability_zone='az9'),
             exception.InvalidAvailabilityZone),
            (fakes.boot_request(flavor, forced_host='h1'),
             exception.PolicyNotAuthorized)]:
        with pytest.raises(error):
            compute.create(context, boot)
    assert sf.row_counts() == sf.NO_ROWS


def test_boot_request_is_a_checked_frozen_value(flavor):
    boot = fakes.boot_request(flavor, min_count=2)
    assert (boot.min_count, boot.max_count) == (2, 2)
    assert boot.metadata == {} and boot.scheduler_hints == {}
    with pytest.raises(dataclasses.FrozenInstanceError):
        boot.max_count = 5
    with pytest.raises(TypeError):
        fakes.boot_request(flavor, max_cout=2)   # misspelled: not dropped
    with pytest.raises(exception.ValidationError,
                       match='min_count must be <= max_count'):
        fakes.boot_request(flavor, min_count=3, max_count=2)
    with pytest.raises(exception.ValidationError,
                       match='min_count must be >= 1'):
        fakes.boot_request(flavor, min_count=0)


def test_server_group_member_quota(compute, flavor, conf):
    conf.config(server_group_members=1, group='quota')
    context = fakes.ctx()
    group = _group(context)
    hints = {'group': group.uuid}
    compute.create(context, fakes.boot_request(flavor,
                                               scheduler_hints=hints))
    with pytest.raises(exception.OverQuota) as error:
        compute.create(context, fakes.boot_request(flavor,
                                                   scheduler_hints=hints))
    assert 'server_group_members' in error.value.format_message()


def test_other_projects_group_is_refused(compute, flavor):
    group = _group(fakes.ctx())
    with pytest.raises(exception.InvalidServerGroupHint):
        compute.create(fakes.ctx('bob', 'proj2'), fakes.boot_request(
            flavor, scheduler_hints={'group': [group.uuid]}))


@pytest.mark.parametrize('name,hostname', [
    ('web', 'web'), ('My Server', 'my-server'), ('a_b.c', 'a-b-c'),
    ('--x--', 'x'), ('日本', 'server'), ('x' * 70, 'x' * 63)])
def test_hostname(name, hostname):
    assert compute_api._hostname(name) == hostname


def test_get(compute, flavor):
    inst = fakes.instance(flavor)
    assert compute.get(fakes.ctx(), inst.uuid).uuid == inst.uuid
    assert compute.get(minova_context.get_admin_context(),
                       inst.uuid).uuid == inst.uuid
    for context, instance_id in [(fakes.ctx('bob', 'proj2'), inst.uuid),
                                 (fakes.ctx(), 'not-a-uuid')]:
        with pytest.raises(exception.InstanceNotFound):
            compute.get(context, instance_id)


def test_local_delete_finishes_the_action(compute, flavor):
    inst = fakes.instance(flavor)
    compute.delete(fakes.ctx(), inst)
    assert compute.compute_rpcapi.terminate_instance.calls == []
    actions = objects.InstanceActionList.get_by_instance_uuid(
        fakes.ctx(), inst.uuid)
    assert [a.action for a in actions] == ['delete', 'create']
    assert actions[0].finish_time is not None
    with pytest.raises(exception.InstanceNotFound):
        fakes.reload(inst)


def test_console_output_needs_a_host_and_a_state(compute, flavor):
    building = fakes.instance(flavor)
    with pytest.raises(exception.InstanceInvalidState):
        compute.get_console_output(fakes.ctx(), building)
    active = fakes.instance(flavor, vm_state='active', task_state=None,
                            host='h1')
    assert compute.get_console_output(fakes.ctx(), active, 3) == 'out'
    [(args, _kw)] = compute.compute_rpcapi.get_console_output.calls
    assert args[1].uuid == active.uuid and args[2] == 3


def test_stop_races_with_another_task(compute, flavor):
    active = fakes.instance(flavor, vm_state='active', task_state=None,
                            host='h1')
    stale = fakes.reload(active)
    active.task_state = 'rebooting'
    active.save()
    # The copy the API read is stale: the conditional save notices.
    with pytest.raises(exception.UnexpectedTaskState):
        compute.stop(fakes.ctx(), stale)
    assert compute.compute_rpcapi.stop_instance.calls == []
    assert fakes.reload(active).task_state == 'rebooting'


def test_a_failed_build_cast_leaves_no_row(compute, flavor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError('no transport')
    monkeypatch.setattr(compute.compute_task_api, 'build_instances', broken)
    with pytest.raises(exception.ServiceUnavailable):
        compute.create(fakes.ctx(),
                       fakes.boot_request(flavor, min_count=3, max_count=3))
    assert set(sf.row_counts().values()) == {0}
