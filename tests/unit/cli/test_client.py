import requests

from minova.cli import client
from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE


def test_the_newest_microversion_both_sides_know():
    for server_max, expected in (('2.38', '2.38'), ('2.90', '2.38'),
                                 ('2.10', '2.10')):
        session = fakes.FakeSession(max_version=server_max)
        api = client.ComputeClient(COMPUTE, 'demo:demo', session=session)
        assert api.api_version == expected
    version_request = session.requests[0]
    assert 'X-Auth-Token' not in version_request['headers']


def test_an_explicit_microversion_is_sent_as_is():
    session = fakes.FakeSession({('GET', COMPUTE + '/flavors'): (
        200, {'flavors': []})})
    api = client.ComputeClient(COMPUTE, 't', api_version='2.5',
                               session=session)
    api.get('/flavors')
    headers = session.requests[0]['headers']
    assert headers['OpenStack-API-Version'] == 'compute 2.5'
    assert headers['X-OpenStack-Nova-API-Version'] == '2.5'


def test_error_messages_from_nova_glance_and_plain_text():
    session = fakes.FakeSession({
        ('GET', 'http://x/nova'): (400, {'badRequest': {
            'code': 400, 'message': 'Invalid input'}}),
        ('GET', 'http://x/glance'): (404, {
            'code': '404 Not Found', 'message': 'No image found'}),
        ('GET', 'http://x/text'): (500, 'boom\nmore')})
    api = client.HTTPClient('http://x', 't', session=session)
    for path, text in (('/nova', 'ERROR (BadRequest): Invalid input '
                                 '(HTTP 400)'),
                       ('/glance', 'ERROR (NotFound): No image found '
                                   '(HTTP 404)'),
                       ('/text', 'ERROR (InternalServerError): boom '
                                 '(HTTP 500)')):
        try:
            api.get(path)
        except client.HTTPError as error:
            assert str(error) == text
        else:
            raise AssertionError(path)


def test_connection_refused_names_the_endpoint():
    class Refusing:
        def request(self, *args, **kwargs):
            raise requests.ConnectionError('refused')
    code, _, err = fakes.run(Refusing(), 'flavor-list')
    assert code == 1
    assert err == ('ERROR: unable to connect to %s: is the service '
                   'running?\n' % COMPUTE)


def test_no_token_is_a_clear_error(monkeypatch):
    monkeypatch.delenv('OS_TOKEN', raising=False)
    api = client.HTTPClient('http://x', None, session=fakes.FakeSession())
    try:
        api.get('/')
    except client.ClientError as error:
        assert 'set OS_TOKEN' in str(error)
    else:
        raise AssertionError('no error')


def test_os_environment_variables(monkeypatch):
    from minova.cli import main
    monkeypatch.setenv('OS_TOKEN', 'admin:admin')
    monkeypatch.setenv('OS_COMPUTE_ENDPOINT_OVERRIDE', 'http://c/v2.1')
    monkeypatch.setenv('OS_IMAGE_ENDPOINT_OVERRIDE', 'http://i')
    monkeypatch.setenv('OS_COMPUTE_API_VERSION', '2.1')
    shell = main.MinovaShell()
    parser = shell.build_option_parser('d', '1')
    options = parser.parse_args([])
    assert (options.os_token, options.os_compute_endpoint,
            options.os_image_endpoint, options.os_compute_api_version) == (
        'admin:admin', 'http://c/v2.1', 'http://i', '2.1')
    monkeypatch.delenv('OS_COMPUTE_ENDPOINT_OVERRIDE')
    monkeypatch.setenv('OS_ENDPOINT', 'http://e/v2.1')
    options = shell.build_option_parser('d', '1').parse_args([])
    assert options.os_compute_endpoint == 'http://e/v2.1'
