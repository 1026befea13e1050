"""POST /servers/{id}/action {"injectNetworkInfo": ...} (admin)."""

import pytest

from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf


def _inject(api, uuid, body=None, token=ADMIN):
    return api.post('%s/%s/action' % (sf.SERVERS, uuid),
                    body or {'injectNetworkInfo': None}, token=token)


@pytest.mark.parametrize('value', [None, {}, 'x'])
def test_inject_is_a_cast_to_the_host(api, casts, flavor, value):
    inst = sf.server(flavor, host='host2')
    resp = _inject(api, inst.uuid, {'injectNetworkInfo': value})
    assert resp.status_int == 202, resp.text
    assert resp.body == b''
    [(args, _kwargs)] = casts['inject_network_info'].calls
    assert args[1].uuid == inst.uuid and args[1].host == 'host2'
    # Nova records no instance action and leaves the states alone.
    stored = objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)
    assert (stored.vm_state, stored.task_state) == ('active', None)


def test_inject_needs_admin(api, casts, flavor):
    inst = sf.server(flavor)
    assert_fault(_inject(api, inst.uuid, token=fakes.USER), 403)
    assert casts['inject_network_info'].calls == []


def test_inject_into_a_locked_server_is_allowed_for_admin(api, casts,
                                                          flavor):
    inst = sf.server(flavor, locked=True, locked_by='owner')
    assert _inject(api, inst.uuid).status_int == 202


def test_inject_without_host_is_409(api, casts, flavor):
    inst = sf.server(flavor, vm_state='building', host=None)
    assert_fault(_inject(api, inst.uuid), 409)
    assert casts['inject_network_info'].calls == []


def test_inject_into_a_missing_server_is_404(api, casts):
    assert_fault(_inject(api, sf.MISSING), 404)


def test_inject_with_an_extra_key_is_400(api, casts, flavor):
    inst = sf.server(flavor)
    assert_fault(_inject(api, inst.uuid, {'injectNetworkInfo': None,
                                          'x': 1}), 400)
