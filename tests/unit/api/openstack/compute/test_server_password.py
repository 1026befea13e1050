"""GET and DELETE /servers/{server_id}/os-server-password."""

from minova.compute import password
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf

ENCRYPTED = 'Zm9v' * 100     # 400 characters: two chunks


def _url(inst_or_uuid):
    uuid = getattr(inst_or_uuid, 'uuid', inst_or_uuid)
    return '%s/%s/os-server-password' % (sf.SERVERS, uuid)


def _with_password(flavor, value=ENCRYPTED, **kwargs):
    meta = dict(password.convert_password(value), image_min_ram='0')
    return sf.server(flavor, system_metadata=meta, **kwargs)


def test_show(api, flavor):
    inst = _with_password(flavor)
    for path in (_url(inst), _url(inst).replace('/v2.1/', '/v2/proj1/')):
        resp = api.get(path)
        assert resp.status_int == 200, resp.text
        assert resp.json == {'password': ENCRYPTED}


def test_show_without_password_is_empty(api, flavor):
    inst = sf.server(flavor)
    assert api.get(_url(inst)).json == {'password': ''}


def test_clear(api, flavor):
    inst = _with_password(flavor)
    resp = api.delete(_url(inst))
    assert resp.status_int == 204 and resp.body == b''
    stored = objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)
    assert password.extract_password(stored) is None
    assert stored.system_metadata['image_min_ram'] == '0'
    assert api.get(_url(inst)).json == {'password': ''}


def test_other_project_is_404_admin_may(api, flavor):
    theirs = _with_password(flavor, project_id='proj2', user_id='bob')
    assert_fault(api.get(_url(theirs)), 404)
    assert_fault(api.delete(_url(theirs)), 404)
    assert api.get(_url(theirs), token=OTHER).json == \
        {'password': ENCRYPTED}
    assert api.get(_url(theirs), token=ADMIN).json == \
        {'password': ENCRYPTED}
    assert api.delete(_url(theirs), token=ADMIN).status_int == 204


def test_missing_server_is_404(api):
    assert_fault(api.get(_url(sf.MISSING)), 404)
    assert_fault(api.delete(_url(sf.MISSING)), 404)


def test_other_methods_are_405(api, flavor):
    inst = sf.server(flavor)
    assert api.put(_url(inst), {'password': 'x'}).status_int == 405
