"""createImage, createBackup, rebuild, shelve / offload / unshelve and
rescue / unrescue: compute/api.py's state checks and the compute host's
state machine over the fake driver, the test database and an image
service in memory."""

import datetime

from oslo_utils import timeutils
import pytest

from minova.compute import api as compute_api
from minova.compute import instance_state
from minova.compute import power_state
from minova import exception
from minova import notifications
from minova import objects
from tests.unit.api.openstack.compute import server_fakes as sf
from tests.unit.compute import fakes
from tests.unit.compute import image_fakes


@pytest.fixture
def images(compute):
    image_api = image_fakes.FakeImageAPI()
    image_api.images[fakes.IMAGE['id']]['properties'] = {
        'kernel_id': 'k-1', 'ramdisk_id': 'r-1',
        'os_command_line': 'console=ttyS0'}
    compute.driver.image_api = image_api
    for unit in (compute.snapshotter, compute.rescuer):
        unit.image_api = image_api
    return image_api


@pytest.fixture
def api(images, monkeypatch):
    """The API side, its casts recorded instead of sent."""
    api = compute_api.API(image_api=images)
    api.casts = {}
    for name in ('snapshot_instance', 'backup_instance', 'rebuild_instance',
                 'shelve_instance', 'shelve_offload_instance',
                 'rescue_instance', 'unrescue_instance'):
        api.casts[name] = sf.Recorder()
        monkeypatch.setattr(api.compute_rpcapi, name, api.casts[name])
    api.casts['unshelve'] = sf.Recorder()
    monkeypatch.setattr(api.compute_task_api, 'unshelve_instance',
                        api.casts['unshelve'])
    return api


@pytest.fixture
def events(monkeypatch):
    """The instance.<action>.<phase> notifications sent."""
    sent = []
    monkeypatch.setattr(notifications, 'notify_about_instance_action',
                        lambda ctx, inst, host, action, phase, **kw:
                        sent.append('%s.%s' % (action, phase)))
    return sent


@pytest.fixture
def task_states_seen(monkeypatch):
    seen = []
    advance = instance_state.advance

    def recording(instance, task_state, *args, **kwargs):
        seen.append(task_state)
        return advance(instance, task_state, *args, **kwargs)
    monkeypatch.setattr(instance_state, 'advance', recording)
    return seen


@pytest.fixture
def active(compute, flavor, context, images):
    inst = fakes.instance(flavor, context, kernel_id='k-1',
                          ramdisk_id='r-1',
                          system_metadata={'image_kernel_id': 'k-1',
                                           'image_ramdisk_id': 'r-1',
                                           'image_disk_format': 'qcow2',
                                           'image_min_ram': '64'})
    compute.builder.build(context, inst, fakes.IMAGE, None, 'pw',
                          None, 'host1')
    inst = fakes.reload(inst)
    assert inst.vm_state == 'active' and inst.launched_at
    return inst


def _action(context, inst):
    return objects.InstanceAction.get_by_request_id(context, inst.uuid,
                                                    context.request_id)


def _events(context, inst):
    return [(e.event, e.result) for e in
            objects.InstanceActionEventList.get_by_action(
                context, _action(context, inst).id) if e.span is None]


# -- check_instance_state ---------------------------------------------------

@pytest.mark.parametrize('method,args', [
    ('snapshot', ('snap',)), ('backup', ('b', 'daily', 1)),
    ('rebuild', (fakes.IMAGE['id'], 'pw')), ('rescue', ('pw',)),
    ('shelve', ()), ('unrescue', ()), ('shelve_offload', ()),
    ('unshelve', ())])
def test_an_action_in_the_wrong_state_is_409_and_writes_nothing(
        api, images, flavor, context, method, args):
    inst = fakes.instance(flavor, context, vm_state='building',
                          task_state='spawning', host='host1')
    with pytest.raises(exception.InstanceInvalidState) as error:
        getattr(api, method)(context, inst, *args)
    assert error.value.code == 409
    assert error.value.format_message() == (
        "Cannot '%s' instance %s while it is in vm_state building"
        % (method, inst.uuid))
    assert list(images.images) == [fakes.IMAGE['id']]
    assert fakes.reload(inst).task_state == 'spawning'


def test_a_server_that_never_launched_cannot_be_snapshot(api, flavor,
                                                         context):
    inst = fakes.instance(flavor, context, vm_state='active',
                          task_state=None, host='host1')
    with pytest.raises(exception.InstanceInvalidState,
                       match='in launched_at None'):
        api.snapshot(context, inst, 'snap')


def test_a_busy_server_is_409(api, active, context):
    active.task_state = 'powering-off'
    active.save()
    with pytest.raises(exception.InstanceInvalidState,
                       match='task_state powering-off'):
        api.snapshot(context, active, 'snap')


# -- createImage ------------------------------------------------------------

def test_snapshot_walks_its_task_states_and_uploads(
        api, compute, images, active, context, events, task_states_seen):
    image = api.snapshot(context, active, 'snap', {'purpose': 'test'})
    record = images.images[image['id']]
    assert record['status'] == 'queued' and record['name'] == 'snap'
    assert record['visibility'] == 'private'
    assert record['owner'] == 'proj1' and record['min_ram'] == 64
    assert record['properties'] == {
        'image_type': 'snapshot', 'instance_uuid': active.uuid,
        'base_image_ref': fakes.IMAGE['id'], 'user_id': 'alice',
        'kernel_id': 'k-1', 'ramdisk_id': 'r-1', 'purpose': 'test'}
    stored = fakes.reload(active)
    assert stored.task_state == 'image_snapshot'
    assert _action(context, active).action == 'createImage'
    [(args, _)] = api.casts['snapshot_instance'].calls
    assert args[2] == image['id']

    compute.snapshot_instance(context, stored, image['id'])
    assert task_states_seen[-2:] == ['image_pending_upload',
                                     'image_uploading']
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert images.images[image['id']]['status'] == 'active'
    assert images.images[image['id']]['disk_format'] == 'raw'
    assert _action(context, active).finish_time is not None
    assert _events(context, active) == [('compute_snapshot_instance',
                                         'Success')]
    assert events[-2:] == ['snapshot.start', 'snapshot.end']


def test_a_failed_snapshot_deletes_its_image_and_reverts(
        api, compute, images, active, context, events, monkeypatch):
    image = api.snapshot(context, active, 'snap')

    def broken(*args, **kwargs):
        raise exception.InstanceNotFound(instance_id=active.uuid)
    monkeypatch.setattr(compute.driver, 'snapshot', broken)
    with pytest.raises(exception.InstanceNotFound):
        compute.snapshot_instance(context, fakes.reload(active),
                                  image['id'])
    assert image['id'] not in images.images
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.fault.code == 404
    assert events[-1] == 'snapshot.error'


def test_a_snapshot_that_loses_the_race_deletes_its_image(
        api, images, active, context, monkeypatch):
    def raced(instance, *args, **kwargs):
        raise exception.UnexpectedTaskState(expected=[None],
                                            actual='deleting')
    monkeypatch.setattr(instance_state, 'advance', raced)
    with pytest.raises(exception.UnexpectedTaskState):
        api.snapshot(context, active, 'snap')
    assert list(images.images) == [fakes.IMAGE['id']]


# -- createBackup -----------------------------------------------------------

def test_backup_keeps_the_newest_rotation_backups(api, compute, images,
                                                  active, context):
    made = []
    for name in ('b1', 'b2', 'b3'):
        context = fakes.ctx()
        image = api.backup(context, fakes.reload(active), name, 'daily', 2)
        compute.backup_instance(context, fakes.reload(active),
                                image['id'], 'daily', 2)
        made.append(image['id'])
        assert images.images[image['id']]['properties']['backup_type'] \
            == 'daily'
    assert made[0] not in images.images
    assert all(i in images.images for i in made[1:])
    assert fakes.reload(active).task_state is None
    assert _action(context, active).action == 'createBackup'


def test_backups_taken_in_the_same_second_keep_the_new_one(
        api, compute, images, active, context, monkeypatch):
    """All backups tie on created_at (one second); the image service may
    list them in any order, here oldest first. The backup just taken
    stays, the older ones go."""
    newest_first = images.list
    monkeypatch.setattr(images, 'list', lambda ctx, filters=None: list(
        reversed(newest_first(ctx, filters))))
    made = []
    for name in ('b1', 'b2', 'b3'):
        context = fakes.ctx()
        image = api.backup(context, fakes.reload(active), name, 'weekly', 1)
        compute.backup_instance(context, fakes.reload(active),
                                image['id'], 'weekly', 1)
        made.append(image['id'])
        assert image['id'] in images.images
    assert [i for i in made if i in images.images] == [made[-1]]


# -- rebuild ----------------------------------------------------------------

def test_rebuild_keeps_the_address_and_takes_the_new_image(
        api, compute, images, active, context, events, task_states_seen):
    new = images.create(context, {'name': 'other', 'properties': {
        'os_distro': 'other'}, 'min_ram': 0, 'min_disk': 0})
    images.images[new['id']]['status'] = 'active'
    compute.driver.guests[active.uuid].log('before the rebuild')
    api.rebuild(context, active, new['id'], 'newpw', display_name='renamed',
                metadata={'a': 'b'})
    stored = fakes.reload(active)
    assert stored.task_state == 'rebuilding'
    assert stored.image_ref == new['id'] and stored.display_name == \
        'renamed'
    assert stored.system_metadata['image_os_distro'] == 'other'
    assert 'image_kernel_id' not in stored.system_metadata
    [(args, _)] = api.casts['rebuild_instance'].calls
    compute.rebuild_instance(context, stored, args[2], args[3])
    assert task_states_seen[-2:] == ['rebuild_block_device_mapping',
                                     'rebuild_spawning']
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert stored.metadata == {'a': 'b'}
    # A new guest (its console starts again), the same network.
    assert 'before the rebuild' not in '\n'.join(
        compute.driver.guests[active.uuid].console)
    assert compute.network_api.deallocated == []
    assert events[-2:] == ['rebuild.start', 'rebuild.end']


def test_rebuild_of_a_stopped_server_leaves_it_stopped(api, compute,
                                                       active, context):
    compute.driver.power_off(active)
    active.vm_state = 'stopped'
    active.save()
    api.rebuild(context, active, fakes.IMAGE['id'], 'pw')
    compute.rebuild_instance(context, fakes.reload(active), fakes.IMAGE,
                             'pw')
    stored = fakes.reload(active)
    assert stored.vm_state == 'stopped'
    assert stored.power_state == power_state.SHUTDOWN


def test_rebuild_refuses_preserve_ephemeral_and_bad_images(api, active,
                                                           context):
    with pytest.raises(exception.InvalidInput, match='preserve_ephemeral'):
        api.rebuild(context, active, fakes.IMAGE['id'], 'pw',
                    preserve_ephemeral=True)
    with pytest.raises(exception.ImageNotFoundForCreate):
        api.rebuild(context, active, 'no-such-image', 'pw')
    assert fakes.reload(active).task_state is None


def test_a_failed_rebuild_is_error_with_a_fault(api, compute, active,
                                                context, conf):
    api.rebuild(context, active, fakes.IMAGE['id'], 'pw')
    conf.config(fail_all_spawns=True, group='fake_driver')
    with pytest.raises(exception.InstanceDeployFailure):
        compute.rebuild_instance(context, fakes.reload(active),
                                 fakes.IMAGE, 'pw')
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('error', None)
    assert 'told to fail' in stored.fault.message


# -- shelve, offload, unshelve ----------------------------------------------

def _shelve(api, compute, inst, context):
    api.shelve(context, inst)
    [(args, _)] = api.casts['shelve_instance'].calls[-1:]
    compute.shelve_instance(context, fakes.reload(inst), args[2])
    return args[2]


def test_shelve_offloads_at_once_and_unshelve_boots_the_snapshot(
        api, compute, images, active, context, events, task_states_seen):
    image_id = _shelve(api, compute, active, context)
    assert task_states_seen[-3:] == ['shelving_image_pending_upload',
                                     'shelving_image_uploading',
                                     'shelving_offloading']
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('shelved_offloaded',
                                                    None)
    assert (stored.host, stored.node) == (None, None)
    assert stored.system_metadata['shelved_image_id'] == image_id
    assert stored.system_metadata['shelved_host'] == 'host1'
    assert images.images[image_id]['name'] == 'vm-shelved'
    assert images.images[image_id]['status'] == 'active'
    assert active.uuid not in compute.driver.guests
    assert 'shelve_offload.end' in events

    context = fakes.ctx()
    api.unshelve(context, stored)
    assert fakes.reload(active).task_state == 'unshelving'
    assert len(api.casts['unshelve'].calls) == 1
    # What the conductor does once the scheduler chose host1.
    compute.unshelve_instance(context, fakes.reload(active),
                              images.show(context, image_id), 'host1')
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert (stored.host, stored.power_state) == ('host1',
                                                 power_state.RUNNING)
    assert 'shelved_image_id' not in stored.system_metadata
    assert image_id not in images.images
    assert active.uuid in compute.driver.guests
    assert events[-2:] == ['unshelve.start', 'unshelve.end']


def test_shelve_without_offload_then_offload_then_periodic(
        api, compute, images, active, context, conf):
    conf.config(shelved_offload_time=-1)
    _shelve(api, compute, active, context)
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.host) == ('shelved', 'host1')
    assert compute.driver.get_info(stored).state == power_state.SHUTDOWN
    # Unshelving a server that kept its host just powers it on.
    api.unshelve(context, stored)
    compute.unshelve_instance(context, fakes.reload(active), None, 'host1')
    assert fakes.reload(active).vm_state == 'active'

    _shelve(api, compute, fakes.reload(active), fakes.ctx())
    conf.config(shelved_offload_time=3600)
    compute.offload_shelved_instances(context)
    assert fakes.reload(active).vm_state == 'shelved'
    conf.config(shelved_offload_time=1)
    timeutils.set_time_override(timeutils.utcnow() +
                                datetime.timedelta(hours=1))
    try:
        compute.offload_shelved_instances(context)
    finally:
        timeutils.clear_time_override()
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.host) == ('shelved_offloaded', None)


def test_a_failed_unshelve_stays_offloaded_with_a_fault(
        api, compute, images, active, context, conf):
    image_id = _shelve(api, compute, active, context)
    api.unshelve(context, fakes.reload(active))
    conf.config(fail_all_spawns=True, group='fake_driver')
    with pytest.raises(exception.InstanceDeployFailure):
        compute.unshelve_instance(context, fakes.reload(active),
                                  images.show(context, image_id), 'host1')
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state, stored.host) == (
        'shelved_offloaded', None, None)
    assert stored.fault is not None
    assert image_id in images.images    # kept for the next try


# -- rescue, unrescue -------------------------------------------------------

def test_rescue_and_unrescue(api, compute, active, context, events):
    api.rescue(context, active, 'rpw')
    assert fakes.reload(active).task_state == 'rescuing'
    [(args, _)] = api.casts['rescue_instance'].calls
    compute.rescue_instance(context, fakes.reload(active), args[2],
                            args[3])
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('rescued', None)
    assert compute.driver.guests[active.uuid].rescued_with == \
        fakes.IMAGE['id']
    with pytest.raises(exception.InstanceInvalidState):
        api.rescue(fakes.ctx(), stored, 'again')

    context = fakes.ctx()
    api.unrescue(context, stored)
    compute.unrescue_instance(context, fakes.reload(active))
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)
    assert compute.driver.guests[active.uuid].rescued_with is None
    assert events[-4:] == ['rescue.start', 'rescue.end', 'unrescue.start',
                           'unrescue.end']


def test_rescue_with_an_unknown_image_reverts(api, compute, active,
                                              context):
    with pytest.raises(exception.ImageNotFoundForCreate):
        api.rescue(context, active, 'pw', rescue_image_ref='nope')
    api.rescue(context, active, 'pw')
    with pytest.raises(exception.ImageNotFound):
        compute.rescue_instance(context, fakes.reload(active), 'pw', 'gone')
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == ('active', None)


# -- a compute restart ------------------------------------------------------

@pytest.mark.parametrize('task_state,vm_state', [
    ('image_uploading', 'active'), ('shelving_image_uploading', 'active'),
    ('rescuing', 'active'), ('unshelving', 'active'),
    # A rebuild (or evacuation) cut short has no disk to settle on: ERROR,
    # as Nova's _init_instance decides.
    ('rebuild_spawning', 'error')])
def test_a_restart_leaves_no_task_state(compute, active, task_state,
                                        vm_state):
    """compute/task_rules.py settles every task state of these actions."""
    active.task_state = task_state
    active.save()
    compute.init_host(fakes.ctx())
    stored = fakes.reload(active)
    assert (stored.vm_state, stored.task_state) == (vm_state, None)
    assert stored.fault is not None


def test_deleting_a_shelved_server_deletes_its_snapshot(api, compute,
                                                        images, active,
                                                        context):
    image_id = _shelve(api, compute, active, context)
    api.delete(fakes.ctx(), fakes.reload(active))
    assert image_id not in images.images
    with pytest.raises(exception.InstanceNotFound):
        fakes.reload(active)
