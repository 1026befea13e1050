"""The CLI's HTTP through keystoneauth1 without keystone (noauth2: a token
and endpoints): microversions, errors, the OS_* variables, --debug."""

import requests

from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, IMAGE

FLAVORS = {('GET', COMPUTE + '/flavors/detail'): (200, {'flavors': []})}


def clean_env(monkeypatch):
    for name in ('OS_CLOUD', 'OS_AUTH_TYPE', 'OS_AUTH_URL', 'OS_TOKEN',
                 'OS_ENDPOINT', 'OS_USERNAME', 'OS_PASSWORD',
                 'OS_PROJECT_NAME', 'OS_COMPUTE_ENDPOINT_OVERRIDE',
                 'OS_IMAGE_ENDPOINT_OVERRIDE', 'OS_COMPUTE_API_VERSION',
                 'OS_INTERFACE', 'OS_REGION_NAME'):
        monkeypatch.delenv(name, raising=False)


def test_the_newest_microversion_both_sides_know():
    for server_max, expected in (('2.38', '2.38'), ('2.90', '2.38'),
                                 ('2.10', '2.10')):
        session = fakes.FakeSession(FLAVORS, max_version=server_max)
        code, _, err = fakes.run(session, 'flavor-list')
        assert code == 0, err
        headers = session.sent('GET', COMPUTE + '/flavors/detail')[0][
            'headers']
        assert headers['OpenStack-API-Version'] == 'compute ' + expected
        assert headers['X-OpenStack-Nova-API-Version'] == expected
        assert headers['X-Auth-Token'] == 'demo:demo'
    version_request = session.requests[0]
    assert version_request['url'] == COMPUTE + '/'
    assert 'X-Auth-Token' not in version_request['headers']


def test_an_explicit_microversion_is_sent_as_is():
    session = fakes.FakeSession(FLAVORS)
    code, _, _ = fakes.run(session, '--os-compute-api-version', '2.5',
                           'flavor-list')
    assert code == 0
    [request] = session.requests   # no version document needed
    assert request['headers']['OpenStack-API-Version'] == 'compute 2.5'
    assert request['headers']['X-OpenStack-Nova-API-Version'] == '2.5'


def test_a_removed_api_is_asked_for_below_its_last_version():
    session = fakes.FakeSession({('GET', COMPUTE + '/os-networks'): (
        200, {'networks': []})})
    code, _, err = fakes.run(session, 'network-list')
    assert code == 0, err
    headers = session.sent('GET', COMPUTE + '/os-networks')[0]['headers']
    assert headers['OpenStack-API-Version'] == 'compute 2.35'


def test_error_messages_from_nova_glance_and_plain_text():
    for answer, argv, text in (
            ((400, {'badRequest': {'code': 400, 'message': 'Invalid'}}),
             ('flavor-list',), 'ERROR (BadRequest): Invalid (HTTP 400)'),
            ((500, 'boom\nmore'), ('flavor-list',),
             'ERROR (InternalServerError): boom (HTTP 500)'),
            ((404, {'code': '404 Not Found', 'message': 'No image found'}),
             ('image-list',), 'ERROR (NotFound): No image found (HTTP 404)'),
            ((409, {'conflictingRequest': {'message': 'busy'}},
              {'x-compute-request-id': 'req-9'}),
             ('flavor-list',),
             'ERROR (Conflict): busy (HTTP 409) (Request-ID: req-9)')):
        url = IMAGE + '/v2/images' if argv == ('image-list',) else (
            COMPUTE + '/flavors/detail')
        session = fakes.FakeSession({('GET', url): answer})
        code, out, err = fakes.run(session, *argv)
        assert (code, out, err) == (1, '', text + '\n')


def test_connection_refused_names_the_endpoint():
    class Refusing:
        def request(self, *args, **kwargs):
            raise requests.ConnectionError('refused')
    code, _, err = fakes.run(Refusing(), 'flavor-list')
    assert code == 1
    assert err == ('ERROR: unable to connect to %s: is the service '
                   'running?\n' % COMPUTE)


def test_no_credentials_say_every_way_to_log_in(monkeypatch):
    clean_env(monkeypatch)
    session = fakes.FakeSession()
    code, out, err = fakes.run(session, 'list', auth=())
    assert code == 1 and out == ''
    assert len(err.splitlines()) == 1
    assert err.startswith('ERROR: missing OS_AUTH_URL: ')
    for way in ('OS_CLOUD', 'OS_USERNAME', 'OS_TOKEN',
                'OS_COMPUTE_ENDPOINT_OVERRIDE'):
        assert way in err
    assert session.requests == []


def test_os_environment_variables(monkeypatch):
    clean_env(monkeypatch)
    monkeypatch.setenv('OS_TOKEN', 'admin:admin')
    monkeypatch.setenv('OS_COMPUTE_ENDPOINT_OVERRIDE', 'http://c/v2.1')
    monkeypatch.setenv('OS_IMAGE_ENDPOINT_OVERRIDE', 'http://i')
    monkeypatch.setenv('OS_COMPUTE_API_VERSION', '2.1')
    session = fakes.FakeSession({
        ('GET', 'http://c/v2.1/flavors/detail'): (200, {'flavors': []}),
        ('GET', 'http://i/v2/images'): (200, {'images': []})})
    assert fakes.run(session, 'flavor-list', auth=())[0] == 0
    assert fakes.run(session, 'image-list', auth=())[0] == 0
    flavors, images = session.requests
    assert flavors['url'] == 'http://c/v2.1/flavors/detail'
    assert flavors['headers']['X-Auth-Token'] == 'admin:admin'
    assert flavors['headers']['OpenStack-API-Version'] == 'compute 2.1'
    assert images['url'] == 'http://i/v2/images'
    assert images['headers']['X-Auth-Token'] == 'admin:admin'


def test_admin_token_endpoint_serves_compute(monkeypatch):
    """``OS_AUTH_TYPE=admin_token`` with ``OS_ENDPOINT`` (the nova client's
    variables) is enough for compute; the image API needs its own URL."""
    clean_env(monkeypatch)
    monkeypatch.setenv('OS_AUTH_TYPE', 'admin_token')
    monkeypatch.setenv('OS_TOKEN', 'demo:demo')
    monkeypatch.setenv('OS_ENDPOINT', 'http://e/v2.1')
    session = fakes.FakeSession({
        ('GET', 'http://e/v2.1/'): (200, {'version': {'version': '2.38'}}),
        ('GET', 'http://e/v2.1/flavors/detail'): (200, {'flavors': []})})
    code, _, err = fakes.run(session, 'flavor-list', auth=())
    assert code == 0, err
    code, _, err = fakes.run(session, 'image-list', auth=())
    assert code == 1
    assert err == ('ERROR: no image endpoint: without keystone there is '
                   'no service catalog; set OS_IMAGE_ENDPOINT_OVERRIDE or '
                   'pass --os-image-endpoint\n')


def test_long_option_names_as_openstackclient_spells_them(monkeypatch):
    clean_env(monkeypatch)
    session = fakes.FakeSession({('GET', 'http://i/v2/images'): (
        200, {'images': []})})
    code, _, err = fakes.run(
        session, '--os-auth-type', 'admin_token', '--os-token', 't',
        '--os-endpoint', 'http://e/v3',
        '--os-image-endpoint-override', 'http://i', 'image-list', auth=())
    assert code == 0, err
    assert session.requests[0]['headers']['X-Auth-Token'] == 't'


def test_debug_prints_requests_and_responses_as_novaclient(monkeypatch):
    session = fakes.FakeSession(FLAVORS)
    code, out, err = fakes.run(session, '--debug', 'flavor-list')
    assert code == 0
    assert ("REQ: curl -g -i -X GET %s/flavors/detail" % COMPUTE) in err
    assert 'OpenStack-API-Version: compute 2.38' in err
    assert 'RESP: [200]' in err and 'RESP BODY: {"flavors": []}' in err
    # The token is shown hashed, never as sent.
    assert 'X-Auth-Token: {SHA256}' in err
    assert 'demo:demo' not in err
    assert 'REQ: curl' not in out
    code, _, err = fakes.run(session, 'flavor-list')
    assert 'REQ: curl' not in err
