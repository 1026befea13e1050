"""POST /servers/{id}/action createImage, createBackup, rebuild, rescue,
unrescue, shelve, shelveOffload, unshelve: bodies, codes, headers and
policy (the state machine behind them: tests/unit/compute)."""

from oslo_utils import timeutils
import pytest

from minova.compute import rpcapi as compute_rpcapi
from minova.conductor import rpcapi as conductor_rpcapi
from minova.image import glance
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf

CASTS = ('snapshot_instance', 'backup_instance', 'rebuild_instance',
         'rescue_instance', 'unrescue_instance', 'shelve_instance',
         'shelve_offload_instance')


@pytest.fixture
def made(monkeypatch, images, conf):
    """Images the API created, by id."""
    conf.config(api_servers=['http://glance.example:9292'], group='glance')
    created = {}

    def create(self, context, meta):
        image = dict(meta, id='img-%d' % len(created), status='queued')
        created[image['id']] = image
        return image
    monkeypatch.setattr(glance.API, 'create', create)
    return created


@pytest.fixture
def lifecycle_casts(monkeypatch):
    recorders = {name: sf.Recorder() for name in CASTS + ('unshelve',)}
    for name in CASTS:
        monkeypatch.setattr(
            compute_rpcapi.ComputeAPI, name,
            (lambda rec: lambda self, *a, **kw: rec(*a, **kw))(
                recorders[name]))
    monkeypatch.setattr(conductor_rpcapi.ComputeTaskAPI, 'unshelve_instance',
                        lambda self, *a: recorders['unshelve'](*a))
    return recorders


def _server(flavor, **kwargs):
    return sf.server(flavor, launched_at=timeutils.utcnow(), **kwargs)


def _action(api, inst, body, **kwargs):
    return api.post('%s/%s/action' % (sf.SERVERS, inst.uuid), body,
                    **kwargs)


def _stored(inst):
    return objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)


def test_create_image_is_202_with_the_image_location(api, flavor, made,
                                                     lifecycle_casts):
    inst = _server(flavor)
    resp = _action(api, inst, {'createImage': {
        'name': 'snap', 'metadata': {'k': 'v'}}})
    assert resp.status_int == 202, resp.text
    assert resp.body == b''
    assert resp.headers['Location'] == \
        'http://glance.example:9292/images/img-0'
    assert made['img-0']['properties']['image_type'] == 'snapshot'
    assert made['img-0']['properties']['k'] == 'v'
    assert _stored(inst).task_state == 'image_snapshot'
    assert len(lifecycle_casts['snapshot_instance'].calls) == 1


@pytest.mark.parametrize('rotation,location', [(2, True), (0, False)])
def test_create_backup(api, flavor, made, lifecycle_casts, rotation,
                       location):
    inst = _server(flavor)
    resp = _action(api, inst, {'createBackup': {
        'name': 'b', 'backup_type': 'daily', 'rotation': rotation}})
    assert resp.status_int == 202, resp.text
    assert ('Location' in resp.headers) == location
    [(args, _)] = lifecycle_casts['backup_instance'].calls
    assert args[3:] == ('daily', rotation)


@pytest.mark.parametrize('body', [
    {'createImage': {}}, {'createImage': {'name': ''}},
    {'createBackup': {'name': 'b', 'backup_type': 'daily'}},
    {'createBackup': {'name': 'b', 'backup_type': 'd', 'rotation': -1}},
    {'rebuild': {}}, {'rebuild': {'imageRef': sf.IMAGE, 'x': 1}},
    {'rescue': {'rescue_image_ref': 'not-a-uuid'}},
    {'shelve': {'x': 1}}, {'unshelve': {}}])
def test_bad_bodies_are_400(api, flavor, made, lifecycle_casts, body):
    assert_fault(_action(api, _server(flavor), body), 400)
    assert made == {}


def test_wrong_state_is_409_with_novas_message(api, flavor, made,
                                               lifecycle_casts):
    inst = _server(flavor, vm_state='building', task_state='spawning')
    resp = _action(api, inst, {'createImage': {'name': 'snap'}})
    assert_fault(resp, 409)
    assert resp.json['conflictingRequest']['message'] == (
        "Cannot 'snapshot' instance %s while it is in vm_state building"
        % inst.uuid)
    assert made == {}


def test_rebuild_answers_the_server_with_its_new_password(
        api, flavor, images, lifecycle_casts):
    inst = _server(flavor)
    resp = _action(api, inst, {'rebuild': {
        'imageRef': sf.IMAGE, 'name': 'again', 'adminPass': 'secret'}})
    assert resp.status_int == 202, resp.text
    server = resp.json['server']
    assert server['adminPass'] == 'secret'
    assert server['name'] == 'again' and server['status'] == 'REBUILD'
    # Nova's rebuild body before 2.75: the core attributes only.
    assert not [key for key in server if key.startswith('OS-EXT')]
    assert not {'key_name', 'security_groups', 'config_drive',
                'OS-SRV-USG:launched_at'} & set(server)
    assert {'id', 'image', 'flavor', 'addresses', 'links', 'metadata',
            'hostId', 'OS-DCF:diskConfig'} <= set(server)
    [(args, _)] = lifecycle_casts['rebuild_instance'].calls
    assert args[2]['id'] == sf.IMAGE and args[3] == 'secret'


def test_rebuild_refuses_preserve_ephemeral(api, flavor, images,
                                            lifecycle_casts):
    resp = _action(api, _server(flavor), {'rebuild': {
        'imageRef': sf.IMAGE, 'preserve_ephemeral': True}})
    assert_fault(resp, 400)
    assert lifecycle_casts['rebuild_instance'].calls == []


def test_rescue_is_200_with_a_password_and_unrescue_202(
        api, flavor, images, lifecycle_casts):
    inst = _server(flavor)
    resp = _action(api, inst, {'rescue': None})
    assert resp.status_int == 200, resp.text
    password = resp.json['adminPass']
    assert len(password) == 12
    [(args, _)] = lifecycle_casts['rescue_instance'].calls
    assert args[2:] == (password, None)
    assert _stored(inst).task_state == 'rescuing'
    rescued = _server(flavor, vm_state='rescued')
    assert _action(api, rescued, {'unrescue': None}).status_int == 202
    assert _stored(rescued).task_state == 'unrescuing'


def test_shelve_offload_unshelve(api, flavor, made, lifecycle_casts):
    inst = _server(flavor)
    assert _action(api, inst, {'shelve': None}).status_int == 202
    assert made['img-0']['name'] == 'vm-shelved'
    shelved = _server(flavor, vm_state='shelved')
    # Offloading is an admin's decision.
    assert_fault(_action(api, shelved, {'shelveOffload': None}), 403)
    assert _action(api, shelved, {'shelveOffload': None},
                   token=ADMIN).status_int == 202
    offloaded = _server(flavor, vm_state='shelved_offloaded', host=None)
    assert _action(api, offloaded, {'unshelve': None}).status_int == 202
    assert _stored(offloaded).task_state == 'unshelving'
    assert len(lifecycle_casts['unshelve'].calls) == 1
    assert_fault(_action(api, _server(flavor), {'unshelve': None}), 409)
