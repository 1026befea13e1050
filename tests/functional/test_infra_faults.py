"""Shared infrastructure faults. Clouds of their own on a PRIVATE
RabbitMQ node and a PRIVATE MariaDB or PostgreSQL server (own node name,
ports, data dirs), so that restarting them disturbs no other cloud on
this machine.

RabbitMQ ``stop_app``/``start_app`` with builds in flight, a MariaDB
restart, a PostgreSQL restart with builds in flight: every service
reconnects by itself (oslo.messaging's heartbeat and reconnect options,
oslo.db's reconnect and minova's retries on a lost connection), no
server is lost or left in a task state, and every service reports ``up``
again.

libvirtd restarted with guests running (real QEMU guests): the one
libvirtd of the machine, which other clouds share, so it is down for
seconds and restarted in a ``finally``.
"""

import copy
import datetime
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from tests.functional import cloud as cloud_lib
from tests.functional import test_faults as faults

RABBIT_BIN = '/usr/lib/rabbitmq/bin'
RESULTS = faults.RESULTS


class PrivateRabbit:
    """``rabbitmq-server -detached`` with its own node, ports, cookie
    (HOME) and mnesia/log dirs under a temporary directory."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='minova-rmq-')
        self.port = cloud_lib.free_port()
        self.node = 'minovaft%s@localhost' % os.urandom(3).hex()
        with open(os.path.join(self.dir, 'rabbitmq.conf'), 'w') as conf:
            conf.write('listeners.tcp.1 = 127.0.0.1:%d\n' % self.port)
        with open(os.path.join(self.dir, 'enabled_plugins'), 'w') as out:
            out.write('[].\n')
        self.env = dict(
            os.environ, HOME=self.dir, RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(cloud_lib.free_port()),
            RABBITMQ_MNESIA_BASE=os.path.join(self.dir, 'mnesia'),
            RABBITMQ_LOG_BASE=os.path.join(self.dir, 'log'),
            RABBITMQ_CONFIG_FILE=os.path.join(self.dir, 'rabbitmq.conf'),
            RABBITMQ_ENABLED_PLUGINS_FILE=os.path.join(self.dir,
                                                       'enabled_plugins'),
            RABBITMQ_PID_FILE=os.path.join(self.dir, 'pid'))
        self.url = 'guest:guest@127.0.0.1:%d' % self.port

    def ctl(self, *args, timeout=120):
        return subprocess.run(
            [os.path.join(RABBIT_BIN, 'rabbitmqctl'), '-n', self.node] +
            list(args), env=self.env, capture_output=True, text=True,
            timeout=timeout, check=True)

    def start(self):
        subprocess.run([os.path.join(RABBIT_BIN, 'rabbitmq-server'),
                        '-detached'], env=self.env, check=True,
                       capture_output=True, timeout=60)
        self.ctl('wait', self.env['RABBITMQ_PID_FILE'], '--timeout', '120',
                 timeout=150)

    def stop(self):
        subprocess.run([os.path.join(RABBIT_BIN, 'rabbitmqctl'), '-n',
                        self.node, 'stop'], env=self.env,
                       capture_output=True, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateMariaDB:
    """mariadbd on a data dir made by mariadb-install-db, own port and
    socket."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='minova-mdb-')
        self.port = cloud_lib.free_port()
        self.process = None
        subprocess.run(['mariadb-install-db', '--no-defaults',
                        '--datadir=%s/data' % self.dir, '--user=root',
                        '--auth-root-authentication-method=normal',
                        '--skip-test-db'], check=True, capture_output=True,
                       timeout=120)

    def start(self):
        log = open(os.path.join(self.dir, 'mariadbd.log'), 'ab')
        self.process = subprocess.Popen(
            ['mariadbd', '--no-defaults', '--datadir=%s/data' % self.dir,
             '--port=%d' % self.port, '--bind-address=127.0.0.1',
             '--socket=%s/sock' % self.dir, '--pid-file=%s/pid' % self.dir,
             '--user=root', '--skip-name-resolve',
             '--innodb-buffer-pool-size=16M'],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        import pymysql
        faults.wait_for(lambda: _connects(pymysql, self.port), timeout=60,
                        what='private MariaDB')

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(60)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _connects(pymysql, port):
    try:
        pymysql.connect(host='127.0.0.1', port=port, user='root').close()
        return True
    except pymysql.err.OperationalError:
        return False


class PrivatePostgreSQL:
    """A PostgreSQL server of its own (initdb, own port, socket dir),
    run as the postgres user as PostgreSQL requires; trust auth on
    127.0.0.1 only."""

    BIN = '/usr/lib/postgresql/15/bin'

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='minova-pg-')
        os.chmod(self.dir, 0o755)
        shutil.chown(self.dir, 'postgres', 'postgres')
        self.data = os.path.join(self.dir, 'data')
        self.port = cloud_lib.free_port()
        self._as_postgres(os.path.join(self.BIN, 'initdb'), '-D', self.data,
                          '--auth=trust', '-U', 'postgres', timeout=120)

    def _as_postgres(self, *cmd, timeout=60):
        return subprocess.run(['runuser', '-u', 'postgres', '--'] +
                              list(cmd), check=True, capture_output=True,
                              text=True, timeout=timeout)

    def pg_ctl(self, action):
        self._as_postgres(
            os.path.join(self.BIN, 'pg_ctl'), '-D', self.data, '-w', '-t',
            '60', '-m', 'fast', '-l', os.path.join(self.dir, 'log'), '-o',
            '-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off '
            '-c shared_buffers=16MB' % (self.port, self.dir), action,
            timeout=90)

    def running(self):
        # pg_ctl refuses to run as root, status included.
        return subprocess.run(
            ['runuser', '-u', 'postgres', '--',
             os.path.join(self.BIN, 'pg_ctl'), '-D', self.data, 'status'],
            capture_output=True, timeout=30).returncode == 0

    def start(self):
        self.pg_ctl('start')

    def cleanup(self):
        if self.running():
            self.pg_ctl('stop')
        shutil.rmtree(self.dir, ignore_errors=True)

    def create_database(self):
        import psycopg2
        conn = psycopg2.connect(host='127.0.0.1', port=self.port,
                                user='postgres', dbname='postgres')
        conn.autocommit = True
        conn.cursor().execute('CREATE DATABASE minova')
        conn.close()
        return _PrivateDatabase(
            'postgresql', 'postgresql+psycopg2://postgres@127.0.0.1:%d/'
            'minova' % self.port)


class _PrivateDatabase:
    def __init__(self, backend, url):
        self.backend = backend
        self.url = url


def _mariadb_database(mariadb):
    import pymysql
    conn = pymysql.connect(host='127.0.0.1', port=mariadb.port,
                           user='root')
    conn.cursor().execute('CREATE DATABASE IF NOT EXISTS minova '
                          'CHARACTER SET utf8mb4')
    conn.close()
    return _PrivateDatabase(
        'mysql', 'mysql+pymysql://root@127.0.0.1:%d/minova?charset='
        'utf8mb4' % mariadb.port)


class PrivateCloud(cloud_lib.Cloud):
    """A Cloud on a private database server (``make_database()`` gives
    its database) and the private RabbitMQ (vhost /), or without one a
    vhost of the machine's RabbitMQ."""

    def __init__(self, rabbit, make_database, **kwargs):
        conf = kwargs.pop('conf', {})
        if rabbit is not None:
            conf.setdefault('DEFAULT', {})['transport_url'] = \
                'rabbit://%s/' % rabbit.url
        super().__init__(conf=conf, **kwargs)
        self.rabbit = rabbit
        self.make_database = make_database

    def start(self, timeout=90):
        super().start(timeout)

    def _prepare_backends(self):
        if self.rabbit is None:
            self._add_vhost()
        self.db = self.make_database()

    def _release_backends(self):
        # The private servers go as a whole.
        if self.rabbit is None:
            self._delete_vhost()


# A database restart here keeps the server away up to ~15 s on a busy
# machine, and no service can write its heartbeat meanwhile: past
# service_down_time every host looks down for a moment after it (as in
# Nova) and a build scheduled then is NoValidHost. Nova's default is 60 s;
# these clouds take 30 s, and the restart cases check that every service
# wrote a heartbeat after the restart instead.
DOWN_TIME = 30

FAKE_CLOUD = dict(
    computes={'host1': {'fake_driver': {
        'state_file': '${state_path}/fake-guests-${host}.json'}}},
    conf={'DEFAULT': {'service_down_time': DOWN_TIME},
          'network': {'network_driver': 'noop'},
          'fake_driver': {'spawn_delay': 2}})


def start_fake_cloud(cloud, cidr):
    cloud.start()
    cloud.create_flavor('8', 'm1.eight', ram=64, disk=1, vcpus=1)
    cloud.image = cloud.create_image()
    cloud.net = cloud.create_network('private', cidr)
    return cloud


@pytest.fixture(scope='module')
def infra_matrix(request):
    """The rows this module's cases add, printed once at its end."""
    yield RESULTS
    faults.print_matrix(RESULTS, request.config)


@pytest.fixture(scope='module')
def infra(infra_matrix):
    rabbit = PrivateRabbit()
    mariadb = PrivateMariaDB()
    cloud = None
    try:
        rabbit.start()
        mariadb.start()
        cloud = PrivateCloud(rabbit, lambda: _mariadb_database(mariadb),
                             **copy.deepcopy(FAKE_CLOUD))
        cloud.mariadb = mariadb
        yield start_fake_cloud(cloud, '10.31.0.0/24')
    finally:
        if cloud is not None:
            cloud.stop()
        mariadb.cleanup()
        rabbit.stop()


@pytest.fixture(scope='module')
def pg_infra(infra_matrix):
    """A fake-driver cloud on a private PostgreSQL (the machine's
    RabbitMQ, a vhost of its own)."""
    postgres = PrivatePostgreSQL()
    cloud = None
    try:
        postgres.start()
        cloud = PrivateCloud(None, postgres.create_database,
                             **copy.deepcopy(FAKE_CLOUD))
        cloud.postgres = postgres
        yield start_fake_cloud(cloud, '10.32.0.0/24')
    finally:
        if cloud is not None:
            cloud.stop()
        postgres.cleanup()


def services_up(cloud, since=None):
    """Every service up (and, with ``since`` (naive UTC), heard from
    after it)."""
    resp = cloud.admin.get('/os-services')
    if resp.status_code != 200:
        return False
    services = resp.json()['services']
    states = {(s['binary'], s['host']): s['state'] for s in services}
    if since is not None and any(
            s['updated_at'] is None or datetime.datetime.fromisoformat(
                s['updated_at']) <= since for s in services):
        return False
    return states if states and set(states.values()) == {'up'} else False


def settle_all(cloud, sids, timeout=90):
    for sid in sids:
        server = cloud.wait_for_server(sid, ('ACTIVE', 'ERROR'),
                                       timeout=timeout)
        yield server['status']


@pytest.mark.slow
def test_rabbitmq_restarted_with_builds_in_flight(infra):
    sids = [faults.boot(infra, 'rmq-%d' % i, wait=False) for i in range(3)]
    started = time.monotonic()
    infra.rabbit.ctl('stop_app')
    time.sleep(3)
    infra.rabbit.ctl('start_app')
    statuses = list(settle_all(infra, sids))
    faults.wait_for(lambda: services_up(infra), timeout=90,
                    what='every service up')
    took = time.monotonic() - started
    # Not lost: a build after the restart goes through.
    faults.boot(infra, 'rmq-after')
    leaked = [faults.delete_and_check(infra, sid, timeout=60)
              for sid in sids]
    leaked = ', '.join(x for x in leaked if x != 'none') or 'none'
    RESULTS.append(('rabbitmq stop_app/start_app', 'building (3)',
                    '/'.join(statuses) + ', services up', took, leaked))
    assert leaked == 'none'


def restart_database(cloud, name, restart):
    """An ACTIVE server and three builds in flight; ``restart()`` takes
    the database server down and up again. Every build ends ACTIVE (a
    build that was talking to the database while it was down is retried
    to ACTIVE: each transaction runs again once the server is back), the
    services are up again, the API answers with the pooled connections
    that the restart dropped (oslo.db pings and replaces them), a new
    build and an action on the old server work, and nothing leaks."""
    active = faults.boot(cloud, name)
    sids = [faults.boot(cloud, '%s-%d' % (name, i), wait=False)
            for i in range(3)]
    started = time.monotonic()
    restart()
    back = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    servers = [cloud.wait_for_server(sid, ('ACTIVE', 'ERROR'), timeout=90)
               for sid in sids]
    faults.wait_for(lambda: services_up(cloud, since=back), timeout=90,
                    what='every service heard from after the restart')
    faults.wait_for(lambda: cloud.api.get('/servers/%s' % active)
                    .status_code == 200, timeout=30, what='the API')
    after = faults.boot(cloud, '%s-after' % name)
    took = time.monotonic() - started
    faults.action(cloud, active, {'os-stop': None})
    cloud.wait_for_server(active, ('SHUTOFF',), timeout=60)
    leaked = [faults.delete_and_check(cloud, sid, timeout=60)
              for sid in sids + [active, after]]
    leaked = ', '.join(x for x in leaked if x != 'none') or 'none'
    statuses = [server['status'] for server in servers]
    RESULTS.append(('%s restart' % name, 'ACTIVE + building (3)',
                    '/'.join(statuses) + ', services up, actions work',
                    took, leaked))
    assert statuses == ['ACTIVE'] * 3, [
        (server['status'], server.get('fault')) for server in servers]
    assert leaked == 'none'


@pytest.mark.slow
def test_mariadb_restarted_with_builds_in_flight(infra):
    def restart():
        infra.mariadb.stop()
        time.sleep(2)
        infra.mariadb.start()
    restart_database(infra, 'mariadb', restart)


# -- libvirtd restarted with guests running ---------------------------------
#
# This one restarts the machine's libvirtd, which other clouds on this
# machine share: qemu guests outlive it, and it is down for seconds only
# (restarted in a ``finally``, as .ci/run starts it: ``libvirtd -d``).

LIBVIRTD_DOWN = 3           # seconds libvirtd stays down


def libvirtd_pid():
    pids = subprocess.run(['pgrep', '-x', 'libvirtd'], capture_output=True,
                          text=True).stdout.split()
    assert len(pids) == 1, 'expected one libvirtd, found %s' % pids
    return int(pids[0])


def qemu_pid(name):
    with open('/run/libvirt/qemu/%s.pid' % name) as pidfile:
        return int(pidfile.read().strip())


def libvirtd_answers():
    from tests.functional import test_libvirt as lv
    return lv.virsh('version', check=False).returncode == 0


def restart_libvirtd(while_down=None):
    """SIGTERM to libvirtd, ``while_down()``, ``libvirtd -d`` again
    whatever happened; the seconds it did not answer."""
    pid = libvirtd_pid()
    started = time.monotonic()
    os.kill(pid, 15)
    try:
        faults.wait_for(lambda: not os.path.exists('/proc/%d' % pid),
                        timeout=30, what='libvirtd gone')
        if while_down is not None:
            while_down()
        time.sleep(LIBVIRTD_DOWN)
    finally:
        if subprocess.run(['pgrep', '-x', 'libvirtd'],
                          capture_output=True).returncode != 0:
            subprocess.run(['libvirtd', '-d'], check=True, timeout=60)
        faults.wait_for(libvirtd_answers, timeout=60, what='libvirtd')
    return time.monotonic() - started


@pytest.fixture(scope='module')
def libvirt_infra(make_cloud, infra_matrix):
    c, tag = faults.start_libvirt_cloud(
        make_cloud, sync_power_state_interval=2,
        # A build whose spawn and clean-up both met libvirtd down may
        # leave a guest no DELETE reaches (the ERROR server has no
        # host): the orphan reaper's to destroy, soon here.
        orphan_reap_interval=2, orphan_grace_period=4)
    try:
        yield c
    finally:
        faults.remove_libvirt_domains(tag)


def _instance_name(cloud, sid):
    return cloud.admin.get('/servers/%s' % sid).json()['server'][
        'OS-EXT-SRV-ATTR:instance_name']


def _lv_boot(cloud, name):
    return cloud.boot(name=name, imageRef=cloud.test_image['image_id'],
                      flavorRef='lv', networks='none')['server']['id']


@pytest.mark.slow
def test_libvirtd_restarted_with_guests_running(libvirt_infra):
    from tests.functional import test_libvirt as lv
    c = libvirt_infra
    running, stopped = _lv_boot(c, 'lvd-run'), _lv_boot(c, 'lvd-stop')
    for sid in (running, stopped):
        c.wait_for_server(sid, timeout=lv.BOOT_TIMEOUT)
    names = {sid: _instance_name(c, sid) for sid in (running, stopped)}
    building = _lv_boot(c, 'lvd-build')
    faults.wait_for(lambda: c.admin.get('/servers/%s' % building).json()[
        'server']['OS-EXT-STS:task_state'] in ('block_device_mapping',
                                               'spawning'),
        timeout=60, what='the build under way')
    # A guest stopped behind minova's back while libvirtd was down.
    pid = qemu_pid(names[stopped])
    down = restart_libvirtd(lambda: os.kill(pid, 15))
    started = time.monotonic()
    built = c.wait_for_server(building, ('ACTIVE', 'ERROR'),
                              timeout=lv.BOOT_TIMEOUT)
    c.wait_for_server(stopped, ('SHUTOFF',), timeout=60)
    faults.wait_for(lambda: services_up(c), timeout=60,
                    what='every service up')
    took = time.monotonic() - started
    server = c.wait_for_server(running)
    assert server['OS-EXT-STS:power_state'] == 1
    assert lv.domstate(names[running]) == 'running'
    assert lv.domstate(names[stopped]) == 'shut off'
    # The compute's connection works again: it starts the stopped guest.
    faults.action(c, stopped, {'os-start': None})
    c.wait_for_server(stopped, timeout=lv.BOOT_TIMEOUT)
    assert lv.domstate(names[stopped]) == 'running'
    names[building] = _instance_name(c, building)
    for sid in (running, stopped, building):
        assert c.api.delete('/servers/%s' % sid).status_code == 204
    for sid in (running, stopped, building):
        faults.wait_gone(c, sid, timeout=120)

    def leftovers():
        left = [name for name in names.values()
                if lv.domstate(name) is not None]
        return left + ['instance dir %s' % sid[:8] for sid in names
                       if os.path.exists(os.path.join(
                           c.state_path, 'instances', sid))]
    reaped = leftovers()
    if reaped:      # bounded: the reaper looks every 2 s, 4 s of grace
        deadline = time.monotonic() + 60
        while leftovers() and time.monotonic() < deadline:
            time.sleep(1)
    left = leftovers()
    RESULTS.append((
        'libvirtd restart (%.0fs down)' % down,
        'ACTIVE + killed + build',
        'ACTIVE, SHUTOFF, build %s, up%s' % (
            built['status'], ', orphan reaped' if reaped else ''), took,
        ', '.join(left) or 'none'))
    assert built['status'] == 'ACTIVE' or built.get('fault'), built
    assert left == []


@pytest.mark.slow
def test_postgresql_restarted_with_builds_in_flight(pg_infra):
    def restart():
        try:
            pg_infra.postgres.pg_ctl('stop')
            time.sleep(2)
        finally:
            if not pg_infra.postgres.running():
                pg_infra.postgres.start()
    restart_database(pg_infra, 'postgresql', restart)
