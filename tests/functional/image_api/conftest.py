"""A real minova-image-api process on a free port, SQLite and its file
store under a temporary state dir; nothing else (no RabbitMQ)."""

import configparser
import os
import shutil
import subprocess
import tempfile
import time

import pytest
import requests

from tests.functional import cloud as cloud_lib


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'slow: takes a minute or more (builds and boots a guest); '
                   'runs in CI all the same')


class ImageService:
    def __init__(self):
        self.state_path = tempfile.mkdtemp(prefix='minova-image-ft-')
        self.port = cloud_lib.free_port()
        self.endpoint = 'http://127.0.0.1:%d' % self.port
        self.store_path = os.path.join(self.state_path, 'images')
        self.conf_path = os.path.join(self.state_path, 'minova.conf')
        self.log_path = os.path.join(self.state_path, 'image-api.log')
        self.process = None

    def start(self):
        conf = configparser.ConfigParser()
        conf['DEFAULT'] = {'state_path': self.state_path, 'debug': 'true'}
        conf['database'] = {'connection': 'sqlite:///%s' % os.path.join(
            self.state_path, 'minova.sqlite')}
        conf['image_api'] = {'bind_port': str(self.port)}
        with open(self.conf_path, 'w') as out:
            conf.write(out)
        subprocess.run(cloud_lib.service_command('minova-manage') + [
            '--config-file', self.conf_path, 'db', 'sync'], check=True,
            capture_output=True)
        self.process = cloud_lib.Process(
            'minova-image-api', cloud_lib.service_command(
                'minova-image-api') + ['--config-file', self.conf_path],
            self.log_path)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.alive(), self.process.log()
            try:
                requests.get(self.endpoint + '/', timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError('minova-image-api did not start:\n' +
                             self.process.log())

    def stop(self):
        if self.process is not None:
            self.process.stop()
        if not os.environ.get('MINOVA_TEST_KEEP_STATE'):
            shutil.rmtree(self.state_path, ignore_errors=True)

    def log(self):
        return self.process.log()


@pytest.fixture(scope='module')
def image_service():
    service = ImageService()
    try:
        service.start()
        yield service
    finally:
        log = service.log() if service.process else ''
        service.stop()
    # The service must never have answered a 500 to anything we sent.
    assert 'status: 500' not in log, log[-5000:]


class Client:
    """requests with a token and the image API's base URL."""

    def __init__(self, endpoint, token):
        self.endpoint = endpoint
        self.session = requests.Session()
        self.session.headers.update({'X-Auth-Token': token,
                                     'Accept': 'application/json'})

    def __call__(self, method, path, **kwargs):
        kwargs.setdefault('timeout', 60)
        return self.session.request(method, self.endpoint + path, **kwargs)

    def create(self, **body):
        body.setdefault('disk_format', 'raw')
        body.setdefault('container_format', 'bare')
        resp = self('POST', '/v2/images', json=body)
        assert resp.status_code == 201, resp.text
        return resp.json()

    def upload(self, image_id, data):
        return self('PUT', '/v2/images/%s/file' % image_id, data=data,
                    headers={'Content-Type': 'application/octet-stream'})


@pytest.fixture
def alice(image_service):
    return Client(image_service.endpoint, 'alice:proj1')


@pytest.fixture
def admin(image_service):
    return Client(image_service.endpoint, 'admin:admin')
