"""The CLI logs in to keystone as novaclient and openstackclient do
(password or token, from OS_* variables, options or clouds.yaml) and
finds its endpoints in the service catalog; against a small identity
service on 127.0.0.1 (fake_keystone)."""

import json
import os

import pytest

from tests.unit.cli import fake_keystone
from tests.unit.cli import fakes
from tests.unit.cli import test_client


@pytest.fixture
def keystone(monkeypatch):
    test_client.clean_env(monkeypatch)
    for name in list(os.environ):
        if name.startswith('OS_'):
            monkeypatch.delenv(name)
    with fake_keystone.Keystone() as cloud:
        yield cloud


def password_env(monkeypatch, keystone, password=fake_keystone.PASSWORD):
    monkeypatch.setenv('OS_AUTH_URL', keystone.auth_url)
    monkeypatch.setenv('OS_USERNAME', 'demo')
    monkeypatch.setenv('OS_PASSWORD', password)
    monkeypatch.setenv('OS_PROJECT_NAME', 'demo')


def minova(*argv):
    return fakes.run(None, *argv, auth=())


def test_password_login_and_endpoints_from_the_catalog(keystone,
                                                       monkeypatch):
    password_env(monkeypatch, keystone)
    code, out, err = minova('flavor-list', '--json')
    assert code == 0, err
    assert json.loads(out)[0]['Name'] == 'm1.nano'
    code, out, err = minova('image-list', '--json')
    assert code == 0, err
    assert json.loads(out)[0]['Name'] == 'minova-test'
    [login, _] = keystone.sent('/v3/auth/tokens')   # once per command
    identity = login['body']['auth']['identity']
    assert identity['methods'] == ['password']
    # No domain given: "default", as openstackclient assumes.
    assert identity['password']['user'] == {
        'name': 'demo', 'password': 'secret', 'domain': {'id': 'default'}}
    assert login['body']['auth']['scope'] == {'project': {
        'name': 'demo', 'domain': {'id': 'default'}}}
    [flavors] = keystone.sent('/flavors/detail')
    assert flavors['path'] == '/RegionOne-public/compute/v2.1/flavors/detail'
    assert flavors['headers']['X-Auth-Token'] == 'tok-1'
    assert flavors['headers']['OpenStack-API-Version'] == 'compute 2.38'
    [images] = keystone.sent('/v2/images')
    assert images['path'] == '/RegionOne-public/image/v2/images'
    assert images['headers']['X-Auth-Token'] == 'tok-2'


def test_interface_and_region_pick_the_catalog_entry(keystone,
                                                     monkeypatch):
    password_env(monkeypatch, keystone)
    monkeypatch.setenv('OS_INTERFACE', 'internal')
    assert minova('flavor-list')[0] == 0
    monkeypatch.delenv('OS_INTERFACE')
    assert minova('--os-region-name', 'RegionTwo', 'image-list')[0] == 0
    assert minova('--os-compute-interface', 'admin', 'flavor-list')[0] == 0
    assert [r['path'] for r in keystone.requests
            if r['path'].endswith(('/flavors/detail', '/v2/images'))] == [
        '/RegionOne-internal/compute/v2.1/flavors/detail',
        '/RegionTwo-public/image/v2/images',
        '/RegionOne-admin/compute/v2.1/flavors/detail']


def test_an_endpoint_override_skips_the_catalog_not_the_login(
        keystone, monkeypatch):
    password_env(monkeypatch, keystone)
    override = keystone.endpoint('compute', 'RegionTwo', 'public')
    monkeypatch.setenv('OS_COMPUTE_ENDPOINT_OVERRIDE', override)
    code, _, err = minova('flavor-list')
    assert code == 0, err
    [flavors] = keystone.sent('/flavors/detail')
    assert flavors['path'] == '/RegionTwo-public/compute/v2.1/flavors/detail'
    assert flavors['headers']['X-Auth-Token'] == 'tok-1'


def test_token_with_auth_url_is_keystone_token_auth(keystone, monkeypatch):
    monkeypatch.setenv('OS_AUTH_URL', keystone.auth_url)
    monkeypatch.setenv('OS_TOKEN', fake_keystone.USER_TOKEN)
    monkeypatch.setenv('OS_PROJECT_NAME', 'demo')
    code, _, err = minova('flavor-list')
    assert code == 0, err
    [login] = keystone.sent('/v3/auth/tokens')
    assert login['body']['auth']['identity'] == {
        'methods': ['token'], 'token': {'id': 'tok-in'}}
    [flavors] = keystone.sent('/flavors/detail')
    assert flavors['headers']['X-Auth-Token'] == 'tok-1'


def test_clouds_yaml(keystone, monkeypatch, tmp_path):
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text(json.dumps({'clouds': {'devstack': {
        'auth': {'auth_url': keystone.auth_url, 'username': 'demo',
                 'password': fake_keystone.PASSWORD,
                 'project_name': 'demo', 'user_domain_id': 'default',
                 'project_domain_id': 'default'},
        'region_name': 'RegionTwo', 'interface': 'public',
        'identity_api_version': 3}}}))   # JSON is YAML
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', str(clouds))
    code, _, err = minova('--os-cloud', 'devstack', 'flavor-list')
    assert code == 0, err
    monkeypatch.setenv('OS_CLOUD', 'devstack')
    monkeypatch.setenv('OS_IMAGE_ENDPOINT_OVERRIDE',
                       keystone.endpoint('image', 'RegionOne', 'admin'))
    code, _, err = minova('image-list')
    assert code == 0, err
    assert [r['path'] for r in keystone.requests
            if r['path'].endswith(('/flavors/detail', '/v2/images'))] == [
        '/RegionTwo-public/compute/v2.1/flavors/detail',
        '/RegionOne-admin/image/v2/images']
    code, _, err = minova('--os-cloud', 'nosuch', 'flavor-list')
    assert code == 1
    assert err == 'ERROR: clouds.yaml: Cloud nosuch was not found.\n'


def test_a_wrong_password_is_one_line(keystone, monkeypatch):
    password_env(monkeypatch, keystone, password='wrong')
    code, out, err = minova('flavor-list')
    assert (code, out) == (1, '')
    assert err == ('ERROR (Unauthorized): The request you have made '
                   'requires authentication. (HTTP 401)\n')
    assert not keystone.sent('/flavors/detail')


def test_keystone_down_is_one_line(keystone, monkeypatch):
    password_env(monkeypatch, keystone)
    monkeypatch.setenv('OS_AUTH_URL', 'http://127.0.0.1:9/v3')
    code, _, err = minova('flavor-list')
    assert code == 1
    assert err.splitlines()[-1] == ('ERROR: unable to connect to '
                                    'http://127.0.0.1:9/v3: is keystone '
                                    'running?')


def test_a_service_missing_from_the_catalog(monkeypatch):
    test_client.clean_env(monkeypatch)
    with fake_keystone.Keystone(services=('compute',)) as keystone:
        password_env(monkeypatch, keystone)
        code, _, err = minova('image-list')
    assert code == 1
    assert err == ('ERROR: the service catalog has no image endpoint '
                   '(interface public, region any)\n')


def test_debug_shows_http_but_no_secret(keystone, monkeypatch):
    password_env(monkeypatch, keystone)
    code, _, err = minova('--debug', 'flavor-list')
    assert code == 0
    assert 'REQ: curl -g -i -X GET %s/flavors/detail' % keystone.endpoint(
        'compute') in err
    assert 'X-Auth-Token: {SHA256}' in err
    assert fake_keystone.PASSWORD not in err
    assert 'tok-1' not in err
