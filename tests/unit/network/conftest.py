"""Networks on the test database, objects talking to it directly."""

import pytest

from minova import context as minova_context
from minova.network import api as network_api
from minova.objects import base as objects_base


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)


@pytest.fixture
def ctx():
    return minova_context.get_admin_context()


@pytest.fixture
def make_network(db, ctx):
    def _make(label='private', cidr='10.0.0.0/24', bridge=None, **kwargs):
        return network_api.API().create(ctx, label, cidr,
                                        bridge or 'br-%s' % label, **kwargs)
    return _make


@pytest.fixture
def network(make_network):
    return make_network()


@pytest.fixture(autouse=True)
def _privsep_in_process():
    """Entry points run in the test process, not in a privsep daemon."""
    from minova import privsep
    privsep.sys_admin_pctxt.set_client_mode(False)
    yield
    privsep.sys_admin_pctxt.set_client_mode(True)
