"""Every service starts with what it uses at start, nothing more (issue
15: each is to stay under 60 MB of idle RSS). A fresh interpreter runs
the service's real ``main()`` (tests/unit/start_probe.py) and lists
what got imported:

- psycopg2 (5 MB) only where the database is PostgreSQL: eventlet's
  monkey_patch would import it everywhere;
- requests and keystoneauth1 (6 MB) at the first image API request,
  and never for oslo.policy's http check that no rule names;
- jsonschema (2-3 MB) at the first request body validated;
- in the RPC services and compute hosts, no webob, oslo.middleware or
  jinja2 (the metrics app is plain WSGI) and no oslo.policy;
- on a compute host with the fake driver, no privsep and no database
  layer (tests/unit/test_compute_has_no_database_layer.py for libvirt).
"""

import pytest

from tests.unit import start_probe

_ALWAYS_LATER = ['psycopg2', 'requests', 'keystoneauth1', 'jsonschema']
_WEB = ['webob', 'oslo_middleware', 'jinja2', 'oslo_policy']
_COMPUTE = _ALWAYS_LATER + _WEB + [
    'sqlalchemy', 'oslo_db.sqlalchemy', 'alembic', 'minova.db.api',
    'libvirt', 'minova.virt.libvirt', 'oslo_privsep', 'minova.privsep',
    'cffi', 'cryptography']


def test_compute_host_on_the_fake_driver(tmp_path):
    assert start_probe.modules_at_start(tmp_path, 'compute', _COMPUTE) == []


def test_the_compute_probe_sees_what_later_requests_load(tmp_path):
    """An image download and a PostgreSQL engine (in another service)
    do load them, psycopg2 green: the check above can fail."""
    after = '''
from minova.image import glance
glance.API()._session
from minova import concurrency
concurrency.green_database_driver('postgresql+psycopg2://x/y')
import psycopg2.extensions
assert psycopg2.extensions.get_wait_callback() is not None
'''
    modules = start_probe.modules_at_start(tmp_path, 'compute', _COMPUTE,
                                           after=after)
    assert {'requests', 'keystoneauth1', 'psycopg2'} <= set(modules)


@pytest.mark.parametrize('name', ['conductor', 'scheduler', 'network'])
def test_rpc_services(tmp_path, name):
    assert start_probe.modules_at_start(
        tmp_path, name, _ALWAYS_LATER + _WEB) == []


def test_compute_api_with_its_policy_loaded(tmp_path):
    """minova-api parses every policy rule in main()."""
    assert start_probe.modules_at_start(tmp_path, 'api', _ALWAYS_LATER) == []


def test_compute_api_probe_sees_a_validated_body(tmp_path):
    after = '''
from minova.api import validation
validation._Validator({'type': 'object'}).validate({})
'''
    modules = start_probe.modules_at_start(tmp_path, 'api', _ALWAYS_LATER,
                                           after=after)
    assert 'jsonschema' in modules
    assert not {'requests', 'psycopg2'} & set(modules)


def test_image_api_after_a_policy_check(tmp_path):
    after = '''
from minova import context
from minova import policy as rules
rules.authorize(context.get_admin_context(), 'get_images', {})
'''
    assert start_probe.modules_at_start(
        tmp_path, 'image_api', _ALWAYS_LATER, after=after) == []
