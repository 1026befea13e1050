"""Flavors, images, key pairs and the operator views."""

import json

from tests.unit.cli import fakes
from tests.unit.cli.fakes import COMPUTE, IMAGE


def test_flavor_create_with_an_auto_id():
    session = fakes.FakeSession({('POST', COMPUTE + '/flavors'): (200, {
        'flavor': {'id': 'uuid', 'name': 'm1.x', 'ram': 64}})})
    code, out, err = fakes.run(session, 'flavor-create', 'm1.x', 'auto',
                               '64', '1', '2', '--is-public', 'false',
                               '--json')
    assert code == 0, err
    body = json.loads(session.sent('POST', COMPUTE + '/flavors')[0]['body'])
    assert body['flavor']['id'] is None and body['flavor']['vcpus'] == 2
    assert body['flavor']['os-flavor-access:is_public'] is False
    assert json.loads(out)['id'] == 'uuid'


def test_flavor_list_and_delete_by_name():
    flavors = {'flavors': [{'id': '42', 'name': 'm1.nano', 'ram': 128,
                            'disk': 1, 'vcpus': 1}]}
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/flavors/detail'): (200, flavors),
        ('DELETE', COMPUTE + '/flavors/42'): (202, None)})
    code, out, _ = fakes.run(session, 'flavor-list')
    assert code == 0 and 'Memory_MiB' in out and 'm1.nano' in out
    code, _, _ = fakes.run(session, 'flavor-delete', 'm1.nano')
    assert code == 0 and session.sent('DELETE', COMPUTE + '/flavors/42')


def test_image_create_streams_the_file_with_a_progress_bar(tmp_path):
    data = tmp_path / 'disk.img'
    data.write_bytes(b'x' * 300000)
    image = {'id': 'i1', 'name': 'disk', 'status': 'active'}
    session = fakes.FakeSession({
        ('POST', IMAGE + '/v2/images'): (201, dict(image, status='queued')),
        ('PUT', IMAGE + '/v2/images/i1/file'): (204, None),
        ('GET', IMAGE + '/v2/images/i1'): (200, image)})
    code, out, err = fakes.run(session, 'image-create', 'disk', '--file',
                               str(data), '--disk-format', 'raw',
                               '--property', 'os_distro=test',
                               '--visibility', 'public', '--progress',
                               '--json')
    assert code == 0, err
    created = json.loads(session.sent('POST', IMAGE + '/v2/images')[0][
        'body'])
    assert created == {'name': 'disk', 'disk_format': 'raw',
                       'container_format': 'bare', 'visibility': 'public',
                       'os_distro': 'test'}
    upload = session.sent('PUT', IMAGE + '/v2/images/i1/file')[0]
    assert not isinstance(upload['data'], bytes)   # a stream, not a copy
    assert upload['body'] == b'x' * 300000
    assert upload['headers']['Content-Type'] == 'application/octet-stream'
    assert upload['headers']['Content-Length'] == '300000'
    progress = err.splitlines()
    assert progress[-1].startswith('Uploading [#####')
    assert '100% of 0.3 MiB' in progress[-1]
    assert 2 <= len(progress) <= 11
    assert json.loads(out)['status'] == 'active'


def test_image_create_of_a_missing_file():
    code, _, err = fakes.run(fakes.FakeSession(), 'image-create', 'x',
                             '--file', '/nonexistent')
    assert code == 1
    assert err == ("ERROR (CommandError): Can't open '/nonexistent': "
                   "No such file or directory\n")


def test_image_list_follows_next_links():
    session = fakes.FakeSession({('GET', IMAGE + '/v2/images'): [
        (200, {'images': [{'id': 'a', 'name': 'one'}],
               'next': '/v2/images?marker=a'}),
        (200, {'images': [{'id': 'b', 'name': 'two'}]})]})
    code, out, _ = fakes.run(session, 'image-list', '-f', 'value',
                             '-c', 'Name')
    assert code == 0 and out.split() == ['one', 'two']
    assert session.requests[1]['query'] == {'marker': 'a'}


def test_image_delete_by_name_and_id():
    session = fakes.FakeSession({
        ('GET', IMAGE + '/v2/images/my-image'): (404, {'message': 'no'}),
        ('GET', IMAGE + '/v2/images'): (200, {'images': [
            {'id': 'a', 'name': 'my-image'}]}),
        ('GET', IMAGE + '/v2/images/b'): (200, {'id': 'b', 'name': 'x'}),
        ('DELETE', IMAGE + '/v2/images/a'): (204, None),
        ('DELETE', IMAGE + '/v2/images/b'): (204, None)})
    code, out, err = fakes.run(session, 'image-delete', 'my-image', 'b')
    assert (code, out) == (0, ''), err
    assert session.sent('DELETE', IMAGE + '/v2/images/a')
    assert session.sent('DELETE', IMAGE + '/v2/images/b')
    code, _, err = fakes.run(session, 'image-delete', 'nosuch')
    assert code == 1
    assert err == ("ERROR (CommandError): No image with a name or ID of "
                   "'nosuch' exists.\n")


def test_keypair_add_prints_a_generated_private_key(tmp_path):
    session = fakes.FakeSession({('POST', COMPUTE + '/os-keypairs'): (200, {
        'keypair': {'name': 'k', 'private_key': '-----BEGIN\n'}})})
    code, out, _ = fakes.run(session, 'keypair-add', 'k')
    assert code == 0 and out == '-----BEGIN\n'
    pub = tmp_path / 'k.pub'
    pub.write_text('ssh-rsa AAA k')
    fakes.run(session, 'keypair-add', 'k2', '--pub-key', str(pub))
    body = json.loads(session.sent('POST', COMPUTE + '/os-keypairs')[1][
        'body'])
    assert body == {'keypair': {'name': 'k2', 'public_key': 'ssh-rsa AAA k'}}


def test_keypair_list_and_delete():
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/os-keypairs'): (200, {'keypairs': [
            {'keypair': {'name': 'k', 'type': 'ssh', 'fingerprint': 'f'}}]}),
        ('DELETE', COMPUTE + '/os-keypairs/k'): (202, None)})
    code, out, _ = fakes.run(session, 'keypair-list', '-f', 'value')
    assert code == 0 and out.split() == ['k', 'ssh', 'f']
    assert fakes.run(session, 'keypair-delete', 'k')[0] == 0


def test_hypervisor_show_by_hostname_and_service_list():
    hypervisor = {'id': 1, 'hypervisor_hostname': 'host1', 'state': 'up',
                  'status': 'enabled'}
    session = fakes.FakeSession({
        ('GET', COMPUTE + '/os-hypervisors/detail'): (200, {
            'hypervisors': [hypervisor]}),
        ('GET', COMPUTE + '/os-hypervisors'): (200, {
            'hypervisors': [hypervisor]}),
        ('GET', COMPUTE + '/os-services'): (200, {'services': [
            {'id': 1, 'binary': 'minova-compute', 'host': 'host1',
             'zone': 'nova', 'status': 'enabled', 'state': 'up'}]})})
    code, out, _ = fakes.run(session, 'hypervisor-show', 'host1', '--json')
    assert code == 0 and json.loads(out)['id'] == 1
    code, out, _ = fakes.run(session, 'hypervisor-list')
    assert code == 0 and 'host1' in out
    code, out, _ = fakes.run(session, 'service-list', '--binary',
                             'minova-compute')
    assert code == 0 and 'minova-compute' in out
    query = session.sent('GET', COMPUTE + '/os-services')[0]['query']
    assert query == {'binary': 'minova-compute'}


def test_network_list_with_and_without_minova_network():
    session = fakes.FakeSession({('GET', COMPUTE + '/os-networks'): (200, {
        'networks': [{'id': 'n1', 'label': 'private',
                      'cidr': '10.0.0.0/24', 'bridge': 'br100'}]})})
    code, out, _ = fakes.run(session, 'network-list')
    assert code == 0 and 'private' in out and '10.0.0.0/24' in out
    headers = session.sent('GET', COMPUTE + '/os-networks')[0]['headers']
    assert headers['OpenStack-API-Version'] == 'compute 2.35'
    code, _, err = fakes.run(fakes.FakeSession(), 'network-list')
    assert code == 1
    assert err.startswith('ERROR (NotFound): this compute API has no '
                          '/os-networks')


def test_no_command_prints_help(capsys):
    import logging
    from minova.cli import main
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert main.main([]) == 0
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    assert 'console-log' in capsys.readouterr().out
