#!/usr/bin/env python3
"""List benchmark: how fast is GET /servers/detail on a real database?

Makes a fresh database (SQLite file, or a MariaDB/MySQL or PostgreSQL
database of its own on 127.0.0.1), migrates it, writes N server rows
straight into it (as finished builds leave them: flavor, metadata,
tags, an info cache with an address, the default security group, a
host whose compute service is up; every tenth one in ERROR with a
fault), starts a real minova-api process on it and measures over
HTTP, as a client would see it:

- GET /servers/detail with --servers (100) servers, p50/p90, as the
  project's user and as admin (all_tenants, microversion 2.38, so
  host_status and tags are shown too);
- a paged walk over --paged (1,000) servers: ``?limit=100`` then
  ``&marker=`` the last id of each page until a short page, p50/p90 of
  the whole walk and of one page;
- the CPU time minova-api spent per request (from /proc/<pid>/stat),
  which the machine's load stretches less than the wall times;
- SQL statements per request, counted with SQLAlchemy's
  ``before_cursor_execute`` event on the same request sent once through
  the same paste pipeline in this process (the API process cannot be
  counted from outside).

The load average is printed beside each figure: they depend on what else
the machine runs. It exits 0: it measures, it does not test.

    python benchmarks/list_servers.py [--database sqlite|mysql|postgresql]
        [--servers 100] [--paged 1000] [--samples 20] [--profile FILE]

See benchmarks/README.md.
"""

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.functional import cloud as cloud_lib  # noqa: E402
# The boot benchmark's percentile (this script's folder is sys.path[0]).
from libvirt_boot import percentile  # noqa: E402

TARGET_DETAIL_P50_MS = 40.0
TARGET_PAGED_MS = 250.0
PROJECT = 'bench'
TOKEN = 'bench:bench'
ADMIN_TOKEN = 'admin:admin'
PAGE = 100


def log(msg):
    print('[%7.1fs] %s' % (time.monotonic() - _T0, msg), file=sys.stderr,
          flush=True)


_T0 = time.monotonic()


def load():
    return '%.2f' % os.getloadavg()[0]


def configure(url, state_path):
    """This process's configuration: the benchmark's database."""
    import minova.conf
    from minova import objects
    from minova import rpc
    objects.register_all()
    conf = minova.conf.CONF
    conf([], project='minova', default_config_files=[])
    conf.set_override('state_path', state_path)
    conf.set_override('connection', url, group='database')
    rpc.init(conf, url='fake:/')


def migrate():
    from minova.db import migration
    for chain in migration.CHAINS.values():
        migration.db_sync(chain=chain)


def _instance_values(flavor, n, host):
    """One server's row as a finished build leaves it (through the
    object, so the JSON columns are what the API writes)."""
    from oslo_utils import timeutils
    from minova import context
    from minova import objects
    error = n % 10 == 9
    inst = objects.Instance(
        context.get_admin_context(), uuid=str(uuid.uuid4()),
        project_id=PROJECT, user_id='bench', display_name='vm%d' % n,
        vm_state='error' if error else 'active', task_state=None,
        power_state=0 if error else 1, host=host, node=host,
        flavor=flavor, instance_type_id=flavor.id, image_ref=IMAGE,
        memory_mb=flavor.memory_mb, vcpus=flavor.vcpus,
        root_gb=flavor.root_gb, ephemeral_gb=0, launch_index=0,
        metadata={'n': str(n)}, system_metadata={}, tags=['t%d' % (n % 5)],
        reservation_id='r-%08x' % n, availability_zone='nova',
        locked=False, hostname='vm%d' % n, progress=0,
        launched_at=timeutils.utcnow())
    values = inst._db_values([name for name in inst.fields
                              if inst.obj_attr_is_set(name)])
    values.update(uuid=inst.uuid, deleted=0,
                  created_at=timeutils.utcnow())
    return values, error


IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


HOSTS = 4


def make_base():
    """The flavor, the compute services (up) and the default security
    group the servers use."""
    from minova import context
    from minova import objects
    admin = context.get_admin_context()
    flavor = objects.Flavor(admin, flavorid='bench', name='bench',
                            memory_mb=64, vcpus=1, root_gb=1, ephemeral_gb=0,
                            swap=0, rxtx_factor=1.0, is_public=True,
                            disabled=False, extra_specs={})
    flavor.create()
    for h in range(HOSTS):
        objects.Service(admin, host='bench%d' % h, binary='minova-compute',
                        topic='compute').create()
    group = objects.SecurityGroup.ensure_default(admin, PROJECT, 'bench')
    return flavor, group


def make_servers(count, flavor, group, hosts=HOSTS):
    """``count`` server rows in a few bulk INSERTs (one per table)."""
    import json
    import sqlalchemy as sa
    from oslo_utils import timeutils
    from minova.db import models
    from minova.db import session as db_session
    rows, caches, members, faults = [], [], [], []
    now = timeutils.utcnow()
    for n in range(count):
        values, error = _instance_values(flavor, n, 'bench%d' % (n % hosts))
        rows.append(values)
        vif = {'id': str(uuid.uuid4()), 'address': 'fa:16:3e:%02x:%02x:%02x'
               % (n >> 16 & 255, n >> 8 & 255, n & 255), 'type': 'bridge',
               'devname': 'tap%d' % n, 'network': {
                   'id': 'net', 'label': 'private', 'bridge': 'br100',
                   'subnets': [{'cidr': '10.0.0.0/16', 'version': 4,
                                'ips': [{'address': '10.0.%d.%d' % (
                                    n // 250, n % 250 + 2),
                                    'type': 'fixed', 'version': 4,
                                    'floating_ips': []}]}]}}
        caches.append({'instance_uuid': values['uuid'], 'created_at': now,
                       'network_info': json.dumps([vif])})
        members.append({'instance_uuid': values['uuid'], 'created_at': now,
                        'security_group_id': group.id})
        if error:
            faults.append({'instance_uuid': values['uuid'], 'code': 500,
                           'message': 'No valid host was found.',
                           'details': 'Traceback', 'host': 'ctl',
                           'created_at': now})
    with db_session.session_scope() as session:
        for model, values in ((models.Instance, rows),
                              (models.InstanceInfoCache, caches),
                              (models.SecurityGroupInstanceAssociation,
                               members),
                              (models.InstanceFault, faults)):
            if values:
                session.execute(sa.insert(model), values)


def delete_servers():
    import sqlalchemy as sa
    from minova.db import models
    from minova.db import session as db_session
    with db_session.session_scope() as session:
        for model in (models.InstanceFault, models.InstanceInfoCache,
                      models.SecurityGroupInstanceAssociation,
                      models.Instance):
            session.execute(sa.delete(model))


# -- the API --------------------------------------------------------------

class APIProcess:
    """minova-api as its own process on the benchmark's database."""

    def __init__(self, url, state_path, debug=False):
        self.port = cloud_lib.free_port()
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_dict({
            'DEFAULT': {'state_path': state_path, 'transport_url': 'fake:/',
                        'osapi_compute_listen_port': str(self.port),
                        'debug': 'true' if debug else 'false'},
            'database': {'connection': url}})
        path = os.path.join(state_path, 'minova.conf')
        with open(path, 'w') as out:
            conf.write(out)
        self.log_path = os.path.join(state_path, 'minova-api.log')
        self.process = cloud_lib.Process(
            'minova-api', cloud_lib.service_command('minova-api') +
            ['--config-file', path], self.log_path)
        self.endpoint = 'http://127.0.0.1:%d' % self.port
        self._wait()

    def _wait(self, timeout=30):
        import requests
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.process.alive():
                raise RuntimeError('minova-api died:\n' + self.process.log())
            try:
                requests.get(self.endpoint + '/', timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError('minova-api did not answer')

    def stop(self):
        self.process.stop()


class InProcess:
    """The same paste pipeline in this process, to count statements."""

    def __init__(self):
        from sqlalchemy import event
        from minova.api import app
        from minova.db import session as db_session
        self.app = app.load_app()
        self.count = 0
        event.listen(db_session.get_engine(), 'before_cursor_execute',
                     self._count)

    def _count(self, *args):
        self.count += 1

    def statements(self, path, token, version=None):
        import webob
        req = webob.Request.blank('/v2.1' + path)
        req.headers['X-Auth-Token'] = token
        if version:
            req.headers['OpenStack-API-Version'] = 'compute %s' % version
        before = self.count
        resp = req.get_response(self.app)
        assert resp.status_int == 200, resp.text
        return self.count - before, resp.json


def cpu_ms(pid):
    """utime + stime of ``pid`` in ms (a figure the load does not
    stretch, unlike wall time)."""
    with open('/proc/%d/stat' % pid) as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / \
        os.sysconf('SC_CLK_TCK')


def timed_get(client, path, token, version=None):
    start = time.perf_counter()
    resp = client.get(path, token=token, version=version)
    elapsed = (time.perf_counter() - start) * 1000.0
    if resp.status_code != 200:
        raise RuntimeError('GET %s: %s %s' % (path, resp.status_code,
                                              resp.text[:300]))
    return elapsed, resp.json()


def detail_latency(client, pid, samples, path, token, version=None):
    timed_get(client, path, token, version)      # warm-up
    times, shown = [], 0
    cpu0 = cpu_ms(pid)
    for _ in range(samples):
        elapsed, body = timed_get(client, path, token, version)
        times.append(elapsed)
        shown = len(body['servers'])
    return {'p50': percentile(times, 50), 'p90': percentile(times, 90),
            'cpu': (cpu_ms(pid) - cpu0) / samples,
            'servers': shown, 'load': load()}


def walk(client, token, version=None):
    """Every page of ``?limit=100`` by marker; (total ms, page ms, ids)."""
    total, pages, seen, marker = 0.0, [], 0, None
    while True:
        path = '/servers/detail?limit=%d' % PAGE
        if marker:
            path += '&marker=' + marker
        elapsed, body = timed_get(client, path, token, version)
        total += elapsed
        pages.append(elapsed)
        seen += len(body['servers'])
        if len(body['servers']) < PAGE:
            return total, pages, seen
        marker = body['servers'][-1]['id']


def paged_latency(client, pid, samples, token, version=None):
    walk(client, token, version)                  # warm-up
    walks, pages, seen = [], [], 0
    cpu0 = cpu_ms(pid)
    for _ in range(samples):
        total, page_times, seen = walk(client, token, version)
        walks.append(total)
        pages += page_times
    return {'p50': percentile(walks, 50), 'p90': percentile(walks, 90),
            'page_p50': percentile(pages, 50),
            'page_p90': percentile(pages, 90), 'servers': seen,
            'cpu': (cpu_ms(pid) - cpu0) / samples,
            'page_cpu': (cpu_ms(pid) - cpu0) / max(len(pages), 1),
            'pages': len(pages) // max(samples, 1), 'load': load()}


def page_statements(counter, token, version=None):
    """Statements of each page of one walk (the marker's page reads it)."""
    counts, marker = [], None
    while True:
        path = '/servers/detail?limit=%d' % PAGE
        if marker:
            path += '&marker=' + marker
        count, body = counter.statements(path, token, version)
        counts.append(count)
        if len(body['servers']) < PAGE:
            return counts
        marker = body['servers'][-1]['id']


class Profile:
    """py-spy on the API process while ``with`` runs (raw stacks)."""

    def __init__(self, pid, path):
        self.popen = None
        if path and shutil.which('py-spy'):
            self.popen = subprocess.Popen(
                ['py-spy', 'record', '--pid', str(pid), '--format', 'raw',
                 '--rate', '200', '--output', path],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)           # py-spy attaches

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.popen is not None:
            self.popen.send_signal(2)
            self.popen.wait(30)


# -- the report -----------------------------------------------------------

def verdict(value, target):
    return 'ok' if value <= target else 'MISSED'


def report(args, results):
    out = []
    out.append('minova GET /servers/detail on %s, load average %s before, '
               '%s after' % (args.database, results['load_before'],
                             load()))
    out.append('%-44s %8s %8s %8s %6s %6s  %s' % (
        'figure', 'p50 ms', 'p90 ms', 'api cpu', 'stmts', 'load', 'target'))

    def row(name, fig, stmts, target=None):
        goal = '' if target is None else '<= %d ms p50 %s' % (
            target, verdict(fig['p50'], target))
        out.append('%-44s %8.1f %8.1f %8.1f %6s %6s  %s' % (
            name, fig['p50'], fig['p90'], fig['cpu'], stmts, fig['load'],
            goal))
    row('detail, %d servers, user' % results['user']['servers'],
        results['user'], results['stmts_user'], TARGET_DETAIL_P50_MS)
    row('detail, %d servers, admin 2.38 all_tenants'
        % results['admin']['servers'], results['admin'],
        results['stmts_admin'], TARGET_DETAIL_P50_MS)
    paged = results['paged']
    row('paged walk, %d servers in %d pages of %d' % (
        paged['servers'], paged['pages'], PAGE), paged,
        '%d' % sum(results['stmts_pages']), TARGET_PAGED_MS)
    row('  one page of it', {'p50': paged['page_p50'],
                             'p90': paged['page_p90'],
                             'cpu': paged['page_cpu'],
                             'load': paged['load']},
        '%d-%d' % (min(results['stmts_pages']),
                   max(results['stmts_pages'])))
    print('\n'.join(out))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--database', default='sqlite',
                        choices=('sqlite', 'mysql', 'postgresql'))
    parser.add_argument('--servers', type=int, default=100,
                        help='servers in the detail list')
    parser.add_argument('--paged', type=int, default=1000,
                        help='servers for the paged walk')
    parser.add_argument('--samples', type=int, default=20)
    parser.add_argument('--profile', metavar='FILE',
                        help='py-spy raw stacks of minova-api during the '
                             '100-server samples')
    args = parser.parse_args(argv)

    state_path = tempfile.mkdtemp(prefix='minova-list-')
    results = {'load_before': load()}
    # A fresh database of the benchmark's own (the functional tests'),
    # dropped afterwards.
    db = cloud_lib.Database(args.database, state_path)
    api = None
    try:
        configure(db.url, state_path)
        migrate()
        base = make_base()
        make_servers(args.servers, *base)
        log('%d servers written; starting minova-api' % args.servers)
        api = APIProcess(db.url, state_path)
        client = cloud_lib.APIClient(api.endpoint, token=TOKEN)
        counter = InProcess()
        results['stmts_user'], _ = counter.statements('/servers/detail',
                                                      TOKEN)
        results['stmts_admin'], _ = counter.statements(
            '/servers/detail?all_tenants=1', ADMIN_TOKEN, '2.38')
        pid = api.process.popen.pid
        with Profile(pid, args.profile):
            results['user'] = detail_latency(
                client, pid, args.samples, '/servers/detail', TOKEN)
        results['admin'] = detail_latency(
            client, pid, args.samples, '/servers/detail?all_tenants=1',
            ADMIN_TOKEN, '2.38')
        delete_servers()
        make_servers(args.paged, *base)
        log('%d servers written; paged walks' % args.paged)
        results['stmts_pages'] = page_statements(counter, TOKEN)
        results['paged'] = paged_latency(client, pid,
                                         max(args.samples // 4, 3), TOKEN)
    finally:
        if api is not None:
            api.stop()
        from minova.db import session as db_session
        db_session.dispose()
        db.drop()
        shutil.rmtree(state_path, ignore_errors=True)
    report(args, results)
    return 0


if __name__ == '__main__':
    sys.exit(main())
