"""A real minova cloud for functional tests: separate processes talking
over the real RabbitMQ (a fresh vhost per cloud), on a real SQL database
(SQLite, MariaDB or PostgreSQL: a fresh database per cloud), driven over
HTTP.

    with Cloud(computes={'host1': {}, 'host2': {}}) as cloud:
        server = cloud.boot(name='vm1')
"""

import base64
import configparser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import requests

RABBIT = os.environ.get('MINOVA_TEST_RABBIT', 'guest:guest@127.0.0.1:5672')
BIN = os.path.dirname(sys.executable)


def service_command(binary):
    """``python -m minova.cmd.<name>`` for a console script's name: runs
    the tree the tests import (a checkout on PYTHONPATH included), not
    whichever tree was pip-installed."""
    module = binary[len('minova-'):].replace('-', '_')
    return [sys.executable, '-m', 'minova.cmd.%s' % module]


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          **kwargs)


class Database:
    """A fresh database on the chosen backend, dropped afterwards."""

    def __init__(self, backend, state_path):
        self.backend = backend
        self.name = 'minova_ft_%s' % uuid.uuid4().hex[:10]
        if backend == 'sqlite':
            self.url = 'sqlite:///%s' % os.path.join(state_path,
                                                     'minova.sqlite')
        elif backend == 'mysql':
            self._sql('CREATE DATABASE %s CHARACTER SET utf8mb4' % self.name)
            self.url = 'mysql+pymysql://root@127.0.0.1/%s?charset=utf8mb4' \
                % self.name
        elif backend == 'postgresql':
            self._sql('CREATE DATABASE %s' % self.name)
            self.url = 'postgresql+psycopg2://postgres@127.0.0.1/%s' \
                % self.name
        else:
            raise ValueError(backend)

    def _sql(self, statement):
        import sqlalchemy
        if self.backend == 'mysql':
            url = 'mysql+pymysql://root@127.0.0.1/'
        else:
            url = 'postgresql+psycopg2://postgres@127.0.0.1/postgres'
        engine = sqlalchemy.create_engine(url, isolation_level='AUTOCOMMIT')
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text(statement))
        engine.dispose()

    def drop(self):
        if self.backend in ('mysql', 'postgresql'):
            self._sql('DROP DATABASE IF EXISTS %s' % self.name)


class Process:
    def __init__(self, name, cmd, log_path, env=None):
        self.name = name
        self.log_path = log_path
        self._log = open(log_path, 'ab')
        self.popen = subprocess.Popen(cmd, stdout=self._log,
                                      stderr=subprocess.STDOUT, env=env,
                                      start_new_session=True)

    def alive(self):
        return self.popen.poll() is None

    def terminate(self):
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)

    def stop(self, timeout=10):
        if self.alive():
            self.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        self._log.close()

    def log(self):
        with open(self.log_path, errors='replace') as log:
            return log.read()


class APIClient:
    """HTTP to minova-api, as a novaclient user would send it."""

    def __init__(self, endpoint, token='demo:demo', version=None):
        self.endpoint = endpoint.rstrip('/')
        self.token = token
        self.version = version
        self.session = requests.Session()

    def request(self, method, path, body=None, headers=None, token=None,
                version=None, base=None):
        url = (base or self.endpoint + '/v2.1') + path
        hdrs = {'Accept': 'application/json',
                'X-Auth-Token': token or self.token}
        version = version or self.version
        if version:
            hdrs['OpenStack-API-Version'] = 'compute %s' % version
        if body is not None:
            hdrs['Content-Type'] = 'application/json'
        hdrs.update(headers or {})
        data = body if isinstance(body, (bytes, str)) or body is None \
            else json.dumps(body)
        return self.session.request(method, url, data=data, headers=hdrs,
                                    timeout=30)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body, **kwargs):
        return self.request('POST', path, body=body, **kwargs)

    def put(self, path, body, **kwargs):
        return self.request('PUT', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)


class Cloud:
    def __init__(self, computes=None, db_backend=None, conf=None,
                 compute_conf=None, image_api=True):
        self.computes = computes or {'host1': {}, 'host2': {}}
        self.db_backend = db_backend or os.environ.get(
            'MINOVA_TEST_DB', 'sqlite')
        self.extra_conf = conf or {}
        self.image_api_enabled = image_api
        self.processes = {}
        self.state_path = tempfile.mkdtemp(prefix='minova-ft-')
        # dnsmasq drops to an unprivileged user that must reach its files.
        os.chmod(self.state_path, 0o755)
        self.vhost = 'minova-ft-%s' % uuid.uuid4().hex[:10]
        self.api_port = free_port()
        self.image_port = free_port()
        self.endpoint = 'http://127.0.0.1:%d' % self.api_port
        self.image_endpoint = 'http://127.0.0.1:%d' % self.image_port
        self.api = APIClient(self.endpoint)
        self.admin = APIClient(self.endpoint, token='admin:admin')
        self.db = None

    # -- lifecycle --------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=30):
        """Every service, each waited for up to ``timeout`` seconds."""
        self._prepare_backends()
        self.conf_path = self._write_conf()
        self.manage('db', 'sync')
        if self.image_api_enabled:
            self.start_service('minova-image-api')
            self._wait_http(self.image_endpoint + '/', timeout)
        self.start_service('minova-conductor')
        self.start_service('minova-scheduler')
        self.start_service('minova-network')
        for host in self.computes:
            self.start_compute(host)
        self.start_service('minova-api')
        self._wait_http(self.endpoint + '/', timeout)
        self.wait_for_computes(list(self.computes), timeout)
        self.wait_for_service('minova-network', timeout)

    def stop(self):
        # SIGTERM to all first so they shut down in parallel.
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.stop()
        self._teardown_networks()
        self._release_backends()
        if os.environ.get('MINOVA_TEST_KEEP_STATE'):
            print('state kept in', self.state_path)
        else:
            shutil.rmtree(self.state_path, ignore_errors=True)

    def _prepare_backends(self):
        """This cloud's RabbitMQ vhost and database (self.db)."""
        self._add_vhost()
        self.db = Database(self.db_backend, self.state_path)

    def _release_backends(self):
        if self.db is not None:
            self.db.drop()
        self._delete_vhost()

    def _add_vhost(self):
        _run(['rabbitmqctl', 'add_vhost', self.vhost])
        _run(['rabbitmqctl', 'set_permissions', '-p', self.vhost, 'guest',
              '.*', '.*', '.*'])

    def _delete_vhost(self):
        subprocess.run(['rabbitmqctl', 'delete_vhost', self.vhost],
                       capture_output=True)

    def _teardown_networks(self):
        """Bridges, namespaces and dnsmasq of this cloud's networks."""
        from minova.network import linux_net
        from minova import privsep
        # The tests run as root: the entry points run in this process.
        privsep.sys_admin_pctxt.set_client_mode(False)
        try:
            linux_net.teardown_all(os.path.join(self.state_path, 'networks'))
        except Exception as error:  # a cloud that never ran as root
            print('tearing down networks failed: %s' % error)

    def _write_conf(self):
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_dict({
            'DEFAULT': {
                'state_path': self.state_path,
                'transport_url': 'rabbit://%s/%s' % (
                    RABBIT, self.vhost),
                'report_interval': '1',
                'service_down_time': '30',
                'update_resources_interval': '2',
                'osapi_compute_listen_port': str(self.api_port),
                'debug': 'true',
            },
            'database': {'connection': self.db.url},
            'glance': {'api_servers': self.image_endpoint},
            # Room for a whole test module's servers in one project.
            'quota': {'instances': '40', 'cores': '80', 'ram': '1000000'},
            'image_api': {'bind_port': str(self.image_port)},
            # Deleted networks leave the host within a second.
            'network': {'host_sync_interval': '1'},
            'oslo_messaging_notifications': {'driver': 'messagingv2',
                                             'topics': 'notifications'},
        })
        for section, values in self.extra_conf.items():
            if section != 'DEFAULT' and not conf.has_section(section):
                conf.add_section(section)
            for key, value in values.items():
                conf.set(section, key, str(value))
        path = os.path.join(self.state_path, 'minova.conf')
        with open(path, 'w') as out:
            conf.write(out)
        return path

    def _compute_conf(self, host, values):
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_dict({'DEFAULT': {'host': host}})
        for section, options in values.items():
            if section != 'DEFAULT' and not conf.has_section(section):
                conf.add_section(section)
            for key, value in options.items():
                conf.set(section, key, str(value))
        path = os.path.join(self.state_path, 'compute-%s.conf' % host)
        with open(path, 'w') as out:
            conf.write(out)
        return path

    def start_service(self, binary, name=None, extra_args=()):
        name = name or binary
        cmd = service_command(binary) + ['--config-file', self.conf_path]
        cmd += list(extra_args)
        log = os.path.join(self.state_path, '%s.log' % name)
        self.processes[name] = Process(name, cmd, log)
        return self.processes[name]

    def start_compute(self, host):
        conf = self._compute_conf(host, self.computes[host])
        return self.start_service('minova-compute',
                                  name='minova-compute-%s' % host,
                                  extra_args=['--config-file', conf])

    def start_metadata_api(self):
        """minova-metadata-api (``python -m minova.cmd.metadata``); the
        cloud's conf should set [metadata] proxy_enabled for guests to
        reach it."""
        cmd = [sys.executable, '-m', 'minova.cmd.metadata',
               '--config-file', self.conf_path]
        log = os.path.join(self.state_path, 'minova-metadata-api.log')
        self.processes['minova-metadata-api'] = Process(
            'minova-metadata-api', cmd, log)
        return self.processes['minova-metadata-api']

    def stop_service(self, name):
        self.processes.pop(name).stop()

    def manage(self, *args):
        cmd = service_command('minova-manage') + [
            '--config-file', self.conf_path] + list(args)
        return _run(cmd).stdout

    def logs(self):
        return {name: p.log() for name, p in self.processes.items()}

    def _wait_http(self, url, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                requests.get(url, timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise AssertionError('%s did not answer in %ss' % (url, timeout))

    def _check_alive(self):
        for process in self.processes.values():
            if not process.alive():
                raise AssertionError('%s died:\n%s' % (
                    process.name, process.log()[-4000:]))

    def wait_for_computes(self, hosts, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            resp = self.admin.get('/os-hypervisors/detail')
            if resp.status_code == 200:
                up = {h['service']['host'] for h in
                      resp.json()['hypervisors'] if h['state'] == 'up'}
                if set(hosts) <= up:
                    return
            time.sleep(0.2)
        raise AssertionError('computes %s not up in %ss' % (hosts, timeout))

    def wait_for_service(self, binary, timeout=30):
        """Until ``binary`` has sent a heartbeat: its RPC server runs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            resp = self.admin.get('/os-services?binary=%s' % binary)
            if resp.status_code == 200 and any(
                    s['updated_at'] for s in resp.json()['services']):
                return
            time.sleep(0.2)
        raise AssertionError('%s not up in %ss' % (binary, timeout))

    # -- helpers ----------------------------------------------------------

    def create_network(self, label='private', cidr='10.10.0.0/24',
                       *extra):
        """A network on a bridge no other cloud uses; returns its uuid."""
        bridge = 'mnbr%s' % uuid.uuid4().hex[:10]
        out = self.manage('network', 'create', '--label', label,
                          '--fixed-range-v4', cidr, '--bridge', bridge,
                          *extra)
        return out.split('(', 1)[1].split(')', 1)[0]

    def create_flavor(self, flavor_id='8', name='m1.test', ram=128, disk=1,
                      vcpus=1):
        resp = self.admin.post('/flavors', {'flavor': {
            'name': name, 'id': flavor_id, 'ram': ram, 'disk': disk,
            'vcpus': vcpus}})
        assert resp.status_code == 200, resp.text
        return resp.json()['flavor']

    def create_image(self, name='test-image', data=b'minova test image',
                     properties=None, token='admin:admin'):
        """An active image in minova-image-api (public)."""
        body = {'name': name, 'disk_format': 'raw',
                'container_format': 'bare', 'visibility': 'public'}
        body.update(properties or {})
        headers = {'X-Auth-Token': token,
                   'Content-Type': 'application/json'}
        resp = requests.post(self.image_endpoint + '/v2/images',
                             json=body, headers=headers, timeout=10)
        assert resp.status_code == 201, resp.text
        image = resp.json()
        resp = requests.put(
            self.image_endpoint + '/v2/images/%s/file' % image['id'],
            data=data, timeout=30,
            headers={'X-Auth-Token': token,
                     'Content-Type': 'application/octet-stream'})
        assert resp.status_code == 204, resp.text
        return image

    def boot(self, client=None, **server):
        client = client or self.api
        body = {'server': dict(server)}
        hints = body['server'].pop('scheduler_hints', None)
        if hints:
            body['os:scheduler_hints'] = hints
        resp = client.post('/servers', body)
        assert resp.status_code == 202, resp.text
        return resp.json()

    def wait_for_server(self, server_id, statuses=('ACTIVE',),
                        client=None, timeout=30, with_fault=True):
        """The server once it is in one of ``statuses`` with no task
        state; an ERROR it was waited for comes with its fault unless
        ``with_fault`` is False (an admin's os-resetState records none)."""
        client = client or self.api
        deadline = time.monotonic() + timeout
        server = None
        while time.monotonic() < deadline:
            resp = client.get('/servers/%s' % server_id)
            if resp.status_code == 404 and 'DELETED' in statuses:
                return None
            assert resp.status_code == 200, resp.text
            server = resp.json()['server']
            # ERROR is saved a moment before its fault (a fault is only
            # recorded once the state move won): wait for both.
            if server['status'] in statuses and \
                    server['OS-EXT-STS:task_state'] is None and \
                    (server['status'] != 'ERROR' or 'fault' in server or
                     not with_fault):
                return server
            if server['status'] == 'ERROR' and 'ERROR' not in statuses:
                raise AssertionError('server went to ERROR: %s' % server)
            time.sleep(0.1)
        raise AssertionError('server %s not %s in %ss: %s' % (
            server_id, statuses, timeout, server))

    def wait_for_deleted(self, server_id, client=None, timeout=30):
        return self.wait_for_server(server_id, ('DELETED',), client,
                                    timeout)


def user_data(text):
    return base64.b64encode(text.encode()).decode()
