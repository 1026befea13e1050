#!/usr/bin/env python3
"""Control-plane benchmark: how fast does minova boot and delete servers?

Starts a whole cloud (minova-image-api, conductor, scheduler, N
minova-compute hosts on the fake virt driver, minova-api) as real
processes on a fresh RabbitMQ vhost and a fresh database, using the
functional-test harness (tests/functional/cloud.py), then measures over
HTTP, as a client would see it:

- POST /servers latency (until the 202 arrives), p50/p95;
- POST-to-ACTIVE: from sending the POST until GET /servers/{id} shows
  ACTIVE with no task_state (polled every --poll-ms), p50/p95;
- a batch of --servers servers fired concurrently (bounded thread pool)
  until all are ACTIVE, and the same batch as one multi-create request
  (min_count = max_count); completion is taken from the services'
  instance.create.end notifications (a listener on the cloud's vhost),
  so the API is not loaded with polls, and confirmed with one
  GET /servers/detail;
- GET /servers/detail latency with the batch in the list;
- DELETE-to-gone: from sending DELETE until GET /servers/{id} is 404;
- VmRSS and VmHWM of every service process (from /proc/<pid>/status)
  and the CPU time each one used (from /proc/<pid>/stat).

See benchmarks/README.md.

It prints the figures next to the targets of the issue and exits 0: it
is a measurement, not a test.

    python benchmarks/control_plane.py [--computes 10] [--servers 200]
        [--samples 20] [--db sqlite|mysql|postgresql]
"""

import argparse
import concurrent.futures
import os
import sys
import threading
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.functional import cloud as cloud_lib  # noqa: E402

# oslo.messaging (the notification listener) imports eventlet.
warnings.filterwarnings('ignore', module='eventlet')
warnings.filterwarnings('ignore', message=r'(?s).*[Ee]ventlet')

# Targets from the issue, on a 2-core machine.
TARGET_POST_P50_MS = 30.0
TARGET_ACTIVE_P50_MS = 150.0
TARGET_BATCH_S = 20.0
TARGET_RSS_MB = 80.0

FLAVOR_ID = 'bench'


# -- small helpers ------------------------------------------------------------

def percentile(values, pct):
    """Linear-interpolated percentile of ``values`` (pct in 0..100)."""
    if not values:
        return float('nan')
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    rank = (len(data) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def ms(seconds):
    return seconds * 1000.0


def log(msg):
    print('[%7.1fs] %s' % (time.monotonic() - _T0, msg), file=sys.stderr,
          flush=True)


_T0 = time.monotonic()

_local = threading.local()


def client(cloud):
    """One HTTP client (and connection) per thread: requests.Session is
    not meant to be shared between threads."""
    api = getattr(_local, 'api', None)
    if api is None:
        api = _local.api = cloud_lib.APIClient(cloud.endpoint)
    return api


def proc_status(pid):
    """VmRSS and VmHWM of ``pid`` in MiB (None when unreadable)."""
    rss = hwm = None
    try:
        with open('/proc/%d/status' % pid) as status:
            for line in status:
                if line.startswith('VmRSS:'):
                    rss = int(line.split()[1]) / 1024.0
                elif line.startswith('VmHWM:'):
                    hwm = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return rss, hwm


def descendants(pid):
    """Pids of the children (any depth) of ``pid``: a service that forks
    workers is measured with them."""
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as stat:
                ppid = int(stat.read().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


_CLK_TCK = os.sysconf('SC_CLK_TCK')


def cpu_seconds(pid):
    """utime + stime of ``pid`` in seconds (0 when unreadable)."""
    try:
        with open('/proc/%d/stat' % pid) as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def cpu(cloud):
    """{service name: CPU seconds used so far}."""
    return {name: sum(cpu_seconds(pid) for pid in
                      [p.popen.pid] + descendants(p.popen.pid))
            for name, p in cloud.processes.items()}


def cpu_delta(before, after):
    return {name: after.get(name, 0.0) - before.get(name, 0.0)
            for name in after}


class Profiler:
    """py-spy record on the main services during one phase."""

    def __init__(self, cloud, directory, phase):
        import shutil
        import subprocess
        self.procs = []
        exe = shutil.which('py-spy')
        if not exe:
            log('py-spy not found: pip install py-spy')
            return
        os.makedirs(directory, exist_ok=True)
        names = [n for n in sorted(cloud.processes)
                 if not n.startswith('minova-compute-')]
        names += [n for n in sorted(cloud.processes)
                  if n.startswith('minova-compute-')][:1]
        for name in names:
            out = os.path.join(directory, '%s-%s.txt' % (phase, name))
            self.procs.append(subprocess.Popen(
                [exe, 'record', '--pid', str(cloud.processes[name].popen.pid),
                 '--format', 'raw', '--rate', '200', '--nonblocking',
                 '-o', out], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL))
        time.sleep(1)

    def stop(self):
        import signal
        for proc in self.procs:
            proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(30)
            except Exception:
                proc.kill()


def machine_cpu():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open('/proc/stat') as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def busy_fraction(before, after):
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total else 0.0


def memory(cloud):
    """{service name: (VmRSS MiB, VmHWM MiB, number of processes)}."""
    result = {}
    for name, process in sorted(cloud.processes.items()):
        pids = [process.popen.pid] + descendants(process.popen.pid)
        rss = hwm = 0.0
        for pid in pids:
            r, h = proc_status(pid)
            rss += r or 0.0
            hwm += h or 0.0
        result[name] = (rss, hwm, len(pids))
    return result


class Notifications:
    """Listens to the services' versioned-less notifications
    (instance.create.end, instance.delete.end, ...) on the cloud's vhost,
    so a batch can be waited for without loading the API with polls."""

    def __init__(self, cloud):
        from oslo_config import cfg
        import oslo_messaging as messaging
        self.cond = threading.Condition()
        self.events = {}   # uuid -> {event_type: monotonic time}
        conf = cfg.ConfigOpts()
        self.transport = messaging.get_notification_transport(
            conf, url='rabbit://%s/%s' % (cloud_lib.RABBIT, cloud.vhost))
        self.listener = messaging.get_notification_listener(
            self.transport,
            [messaging.Target(topic='notifications', exchange='minova')],
            [self], executor='threading')
        self.listener.start()

    def _record(self, event_type, payload):
        uuid = (payload or {}).get('uuid')
        if not uuid:
            return
        now = time.monotonic()
        with self.cond:
            self.events.setdefault(uuid, {}).setdefault(event_type, now)
            self.cond.notify_all()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record(event_type, payload)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record(event_type, payload)

    def time_of(self, uuid, event_type):
        with self.cond:
            return self.events.get(uuid, {}).get(event_type)

    def wait(self, uuids, done_types, timeout):
        """Wait until every uuid has one of ``done_types``; returns the
        time of the last one, or None on timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                times = [min((t for e, t in self.events.get(u, {}).items()
                              if e in done_types), default=None)
                         for u in uuids]
                if all(t is not None for t in times):
                    return max(times) if times else time.monotonic()
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 1.0))

    def stop(self):
        try:
            self.listener.stop()
            self.listener.wait()
        finally:
            self.transport.cleanup()


# -- the measurements ---------------------------------------------------------

class Bench:
    def __init__(self, cloud, args):
        self.cloud = cloud
        self.args = args
        self.poll = args.poll_ms / 1000.0
        self.image_id = None
        self.notes = None

    def setup(self):
        self.cloud.create_flavor(FLAVOR_ID, 'bench.tiny', ram=64, disk=1,
                                 vcpus=1)
        self.image_id = self.cloud.create_image(name='bench-image')['id']

    def body(self, name, **extra):
        server = {'name': name, 'imageRef': self.image_id,
                  'flavorRef': FLAVOR_ID}
        server.update(extra)
        return {'server': server}

    def post(self, name, **extra):
        """POST /servers; returns (seconds, server id, send time)."""
        api = client(self.cloud)
        sent = time.monotonic()
        resp = api.post('/servers', self.body(name, **extra))
        took = time.monotonic() - sent
        if resp.status_code != 202:
            raise RuntimeError('POST /servers: %s %s' % (resp.status_code,
                                                         resp.text[:500]))
        return took, resp.json().get('server', {}).get('id'), sent, resp

    def wait_active(self, server_id, timeout=60):
        """Poll GET /servers/{id} every self.poll until ACTIVE (no task
        state); returns the monotonic time it was seen."""
        api = client(self.cloud)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            resp = api.get('/servers/%s' % server_id)
            now = time.monotonic()
            if resp.status_code == 200:
                server = resp.json()['server']
                if server['status'] == 'ACTIVE' and \
                        server['OS-EXT-STS:task_state'] is None:
                    return now
                if server['status'] == 'ERROR':
                    raise RuntimeError('server %s went to ERROR: %s' % (
                        server_id, server.get('fault')))
            time.sleep(self.poll)
        raise RuntimeError('server %s not ACTIVE in %ss'
                           % (server_id, timeout))

    def delete_to_gone(self, server_id, timeout=60):
        api = client(self.cloud)
        sent = time.monotonic()
        resp = api.delete('/servers/%s' % server_id)
        if resp.status_code != 204:
            raise RuntimeError('DELETE: %s %s' % (resp.status_code,
                                                  resp.text[:300]))
        delete_latency = time.monotonic() - sent
        deadline = sent + timeout
        while time.monotonic() < deadline:
            resp = api.get('/servers/%s' % server_id)
            if resp.status_code == 404:
                return delete_latency, time.monotonic() - sent
            time.sleep(self.poll)
        raise RuntimeError('server %s not gone in %ss'
                           % (server_id, timeout))

    def list_servers(self):
        resp = client(self.cloud).get('/servers/detail')
        resp.raise_for_status()
        return resp.json()['servers']

    def counts(self, ids):
        ids = set(ids)
        counts = {}
        for s in self.list_servers():
            if s['id'] not in ids:
                continue
            status = s['status']
            if status == 'ACTIVE' and s['OS-EXT-STS:task_state']:
                status = 'ACTIVE+task'
            counts[status] = counts.get(status, 0) + 1
        return counts

    def wait_all(self, ids, deadline_s):
        """Until every id is built (create.end or create.error
        notification; GET /servers/detail every second without a
        listener); returns (monotonic time of the last one, counts)."""
        if self.notes is not None:
            done = self.notes.wait(ids, ('instance.create.end',
                                         'instance.create.error'),
                                   deadline_s)
            return done, self.counts(ids)
        return self._poll_all(ids, deadline_s, 1.0)

    def _poll_all(self, ids, deadline_s, interval):
        ids = set(ids)
        deadline = time.monotonic() + deadline_s
        counts = {}
        while time.monotonic() < deadline:
            servers = [s for s in self.list_servers() if s['id'] in ids]
            now = time.monotonic()
            counts = {}
            for s in servers:
                status = s['status']
                if status == 'ACTIVE' and s['OS-EXT-STS:task_state']:
                    status = 'ACTIVE+task'
                counts[status] = counts.get(status, 0) + 1
            if counts.get('ACTIVE', 0) == len(ids):
                return now, counts
            if counts.get('ERROR', 0) and \
                    counts.get('ERROR', 0) + counts.get('ACTIVE', 0) \
                    == len(ids):
                return now, counts
            time.sleep(interval)
        return None, counts

    def wait_gone(self, ids, deadline_s, interval=1.0):
        if self.notes is not None:
            done = self.notes.wait(ids, ('instance.delete.end',),
                                   deadline_s)
            if done is not None and not self.counts(ids):
                return done
        ids = set(ids)
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            left = [s for s in self.list_servers() if s['id'] in ids]
            if not left:
                return time.monotonic()
            time.sleep(interval)
        return None

    # -- scenarios --

    def warm_up(self):
        """One boot and delete so first-request costs (imports, caches,
        DB connections, RPC queues) are not in the samples."""
        for i in range(2):
            _took, sid, _sent, _resp = self.post('warmup-%d' % i)
            self.wait_active(sid)
            self.delete_to_gone(sid)

    def sequential(self, samples):
        post, active, delete_api, gone, ids = [], [], [], [], []
        active_note = []
        errors = []
        for i in range(samples):
            try:
                took, sid, sent, _resp = self.post('seq-%d' % i)
                seen = self.wait_active(sid)
            except Exception as error:  # reported, not raised
                errors.append(str(error))
                continue
            post.append(took)
            active.append(seen - sent)
            ids.append(sid)
            if self.notes is not None:
                end = self.notes.wait([sid], ('instance.create.end',), 5)
                if end is not None:
                    active_note.append(end - sent)
        for sid in ids:
            try:
                d_api, d_gone = self.delete_to_gone(sid)
            except Exception as error:
                errors.append(str(error))
                continue
            delete_api.append(d_api)
            gone.append(d_gone)
        return {'post': post, 'active': active, 'delete_api': delete_api,
                'gone': gone, 'active_note': active_note, 'errors': errors}

    def batch_concurrent(self, count, workers):
        """``count`` POSTs from ``workers`` threads; then wait for all."""
        results = []
        errors = []
        sent_at = {}
        start = time.monotonic()

        def one(i):
            try:
                took, sid, sent, _resp = self.post('batch-%d' % i)
                results.append((took, sid))
                sent_at[sid] = sent
            except Exception as error:  # reported, not raised
                errors.append(str(error))

        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, range(count)))
        posted = time.monotonic()
        ids = [sid for _t, sid in results]
        done, counts = self.wait_all(ids, self.args.batch_timeout)
        each = []
        if self.notes is not None:
            for sid in ids:
                end = self.notes.time_of(sid, 'instance.create.end')
                if end is not None:
                    each.append(end - sent_at[sid])
        return {'start': start, 'posted': posted - start,
                'active': (done - start) if done else None,
                'counts': counts, 'post': [t for t, _s in results],
                'ids': ids, 'errors': errors, 'each': each}

    def batch_multi_create(self, count):
        start = time.monotonic()
        _took, _sid, _sent, resp = self.post(
            'multi', min_count=count, max_count=count,
            return_reservation_id=True)
        posted = time.monotonic()
        reservation = resp.json().get('reservation_id')
        ids = [s['id'] for s in self.list_servers()
               if s['name'].startswith('multi')]
        if reservation:
            got = client(self.cloud).get(
                '/servers/detail?reservation_id=%s' % reservation)
            if got.status_code == 200:
                ids = [s['id'] for s in got.json()['servers']]
        done, counts = self.wait_all(ids, self.args.batch_timeout)
        each = []
        if self.notes is not None:
            each = [self.notes.time_of(sid, 'instance.create.end') - start
                    for sid in ids
                    if self.notes.time_of(sid, 'instance.create.end')]
        return {'posted': posted - start, 'each': each,
                'active': (done - start) if done else None,
                'counts': counts, 'ids': ids, 'reservation': reservation}

    def list_latency(self, samples):
        api = client(self.cloud)
        took, count = [], 0
        for _ in range(samples):
            sent = time.monotonic()
            resp = api.get('/servers/detail')
            took.append(time.monotonic() - sent)
            resp.raise_for_status()
            count = len(resp.json()['servers'])
        return took, count

    def delete_all(self, ids, workers):
        start = time.monotonic()

        def one(sid):
            client(self.cloud).delete('/servers/%s' % sid)

        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, ids))
        done = self.wait_gone(ids, self.args.batch_timeout)
        return (done - start) if done else None


# -- report ------------------------------------------------------------------

def verdict(value, target):
    if value is None:
        return 'NOT MET (timed out)'
    return 'met' if value < target else 'NOT MET'


def fmt_row(cols, widths):
    return '  '.join(str(c).ljust(w) for c, w in zip(cols, widths))


def print_report(args, r):
    out = []
    out.append('')
    out.append('minova control-plane benchmark: %d compute hosts (fake '
               'driver), db=%s, %d CPUs, debug logging %s'
               % (args.computes, args.db, os.cpu_count(),
                  'on' if args.debug else 'off'))
    out.append('load average before/after: %s / %s (other work on the '
               'machine inflates every figure)' % (
                   '%.2f %.2f %.2f' % r['load_before'],
                   '%.2f %.2f %.2f' % r.get('load_after', (0, 0, 0))))
    if r.get('error'):
        out.append('THE RUN STOPPED EARLY: %s (figures below are partial)'
                   % r['error'])
    out.append('POST-to-ACTIVE / DELETE-to-gone: one client polls '
               'GET /servers/{id} every %d ms (sequential, %d samples, '
               'after 2 warm-up boots)' % (args.poll_ms, args.samples))
    out.append('batches: done when every server has its '
               'instance.create.end (delete.end) notification, then one '
               'GET /servers/detail confirms the states'
               if r.get('notes') else
               'batches: GET /servers/detail every second')
    out.append('')
    widths = (50, 12, 12, 14, 10)
    out.append(fmt_row(('figure', 'p50', 'p95', 'target', 'verdict'),
                       widths))
    out.append('-' * 102)
    seq = r.get('seq', {})

    def row(name, values, target=None, unit='ms'):
        p50 = percentile(values, 50)
        p95 = percentile(values, 95)
        conv = ms if unit == 'ms' else (lambda v: v)
        out.append(fmt_row((
            name, '%.1f %s' % (conv(p50), unit), '%.1f %s' % (conv(p95), unit),
            ('< %.0f %s p50' % (target, unit)) if target else '',
            verdict(conv(p50), target) if target else ''), widths))

    row('POST /servers latency', seq.get('post', []), TARGET_POST_P50_MS)
    row('POST-to-ACTIVE (GET poll)', seq.get('active', []),
        TARGET_ACTIVE_P50_MS)
    if seq.get('active_note'):
        row('POST-to-create.end notification', seq['active_note'])
    row('DELETE /servers/{id} latency', seq.get('delete_api', []))
    row('DELETE-to-gone (GET 404)', seq.get('gone', []))
    if seq.get('errors'):
        out.append('    %d sequential samples failed, first: %s'
                   % (len(seq['errors']), seq['errors'][0]))
    if 'list' in r:
        lst, count = r['list']
        row('GET /servers/detail (%d servers)' % count, lst)
    if 'batch' in r:
        report_batches(args, r, out, row, widths)
    report_memory(args, r, out)
    print('\n'.join(out), flush=True)


def report_batches(args, r, out, row, widths):
    b = r['batch']
    row('batch: POST /servers latency (%d threads)' % args.workers,
        b['post'])
    if b.get('each'):
        row('batch: POST-to-create.end per server', b['each'])
    m = r.get('multi')
    if m and m.get('each'):
        row('multi-create: POST-to-create.end per server', m['each'])
    out.append('-' * 102)
    active = b['active']
    out.append(fmt_row((
        '%d-server batch, %d concurrent POSTs' % (args.servers,
                                                  args.workers),
        ('%.2f s' % active) if active else 'timeout',
        '', '< %.0f s' % TARGET_BATCH_S, verdict(active, TARGET_BATCH_S)),
        widths))
    out.append('    machine CPU busy during the batch: %.0f%% of %d CPUs '
               '(all processes: minova, RabbitMQ, the database, anything '
               'else running)' % (100 * r['machine_busy'], os.cpu_count()))
    out.append('    all POSTs answered after %.2f s; throughput %s; final '
               'states %s%s' % (
                   b['posted'],
                   ('%.1f servers/s' % (args.servers / active)) if active
                   else '-', b['counts'],
                   ('; %d POST errors, first: %s' % (len(b['errors']),
                                                     b['errors'][0]))
                   if b['errors'] else ''))
    m = r.get('multi')
    if m:
        active = m['active']
        out.append(fmt_row((
            '%d-server batch, one multi-create POST' % args.servers,
            ('%.2f s' % active) if active else 'timeout', '',
            '< %.0f s' % TARGET_BATCH_S, verdict(active, TARGET_BATCH_S)),
            widths))
        out.append('    POST answered after %.2f s; throughput %s; final '
                   'states %s' % (m['posted'],
                                  ('%.1f servers/s' % (args.servers /
                                                       active))
                                  if active else '-', m['counts']))
    for label in ('delete_batch', 'delete_multi'):
        took = r.get(label)
        if label in r:
            out.append(fmt_row((
                'DELETE %d (%s) until list empty'
                % (args.servers, 'concurrent' if label == 'delete_batch'
                   else 'multi-create'),
                ('%.2f s' % took) if took else 'timeout', '', '', ''),
                widths))


def report_memory(args, r, out):
    if 'memory' not in r:
        return
    out.append('')
    out.append('memory of every service after the %d-server batch '
               '(/proc/<pid>/status), target < %.0f MB RSS'
               % (args.servers, TARGET_RSS_MB))
    out.append('and CPU seconds each service used for the %d sequential '
               'boots+deletes and for the %d-server batch'
               % (args.samples, args.servers))
    widths = (23, 10, 10, 13, 9, 9, 9, 9)
    out.append(fmt_row(('service', 'at start', 'VmRSS', 'VmHWM (peak)',
                        'RSS', 'peak', 'CPU seq', 'CPU batch'), widths))
    out.append('-' * 100)
    for name, (rss, hwm, nproc) in r['memory'].items():
        label = name + (' (%d procs)' % nproc if nproc > 1 else '')
        start = r.get('memory_start', {}).get(name, (0, 0, 0))[0]
        out.append(fmt_row((label, '%.1f MB' % start, '%.1f MB' % rss,
                            '%.1f MB' % hwm,
                            verdict(rss, TARGET_RSS_MB),
                            verdict(hwm, TARGET_RSS_MB),
                            '%.2f s' % r.get('cpu_seq', {}).get(name, 0),
                            '%.2f s' % r.get('cpu_batch', {}).get(name, 0)),
                           widths))
    if r.get('memory_end'):
        worst = max(r['memory_end'].items(), key=lambda kv: kv[1][1])
        out.append('    at the end of the run the highest VmHWM is %s '
                   '%.1f MB' % (worst[0], worst[1][1]))
    out.append('')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--computes', type=int, default=10)
    parser.add_argument('--servers', type=int, default=200,
                        help='servers in the batch')
    parser.add_argument('--samples', type=int, default=20,
                        help='sequential boots for the latency figures')
    parser.add_argument('--db', default='sqlite',
                        choices=('sqlite', 'mysql', 'postgresql'))
    parser.add_argument('--workers', type=int, default=20,
                        help='client threads firing the batch POSTs')
    parser.add_argument('--poll-ms', type=int, default=10,
                        help='poll interval of GET /servers/{id}')
    parser.add_argument('--batch-timeout', type=float, default=120.0)
    parser.add_argument('--no-multi-create', action='store_true',
                        help='skip the multi-create batch')
    parser.add_argument('--debug', action='store_true',
                        help='services log at DEBUG (default: INFO)')
    parser.add_argument('--profile', metavar='DIR',
                        help='record py-spy profiles (raw, flamegraph '
                             'input) of api, conductor, scheduler and one '
                             'compute during the sequential boots and the '
                             'batch into DIR')
    parser.add_argument('--keep-state', action='store_true',
                        help='keep the state directory (logs, sqlite)')
    args = parser.parse_args(argv)

    per_host = -(-args.servers // max(args.computes, 1))  # ceil
    capacity = {'fake_driver': {
        # Room for the whole batch (plus the sequential samples) on
        # every host, whatever the weigher chooses: 1 vCPU, 64 MB each.
        'vcpus': max(8, per_host * 2),
        'memory_mb': max(16384, per_host * 2 * 64 + 1024),
        'local_gb': max(500, per_host * 2 * 2),
    }}
    computes = {'host%d' % (i + 1): capacity for i in range(args.computes)}
    total = args.servers + args.samples + 10
    conf = {
        'DEFAULT': {
            'debug': 'true' if args.debug else 'false',
            # Closer to a deployment than the test harness' 1 s/2 s.
            'report_interval': '10',
            'service_down_time': '60',
            'update_resources_interval': '60',
        },
        'quota': {'instances': str(total), 'cores': str(total),
                  'ram': str(total * 64 * 2)},
    }
    if args.keep_state:
        os.environ['MINOVA_TEST_KEEP_STATE'] = '1'

    log('starting the cloud: %d computes on %s' % (args.computes, args.db))
    results = {'load_before': os.getloadavg()}
    bench = None
    cloud = cloud_lib.Cloud(computes=computes, db_backend=args.db,
                            conf=conf)
    try:
        # A hundred compute hosts starting together load two cores for
        # a while before each has reported its node.
        cloud.start(timeout=max(30, args.computes))
    except BaseException:
        for name, text in cloud.logs().items():
            print('==== %s (last 2000 chars)\n%s' % (name, text[-2000:]),
                  file=sys.stderr)
        cloud.stop()
        raise
    try:
        log('cloud up (state in %s)' % cloud.state_path)
        bench = Bench(cloud, args)
        try:
            bench.notes = Notifications(cloud)
        except Exception as error:
            log('no notification listener (%s): batches are polled with '
                'GET /servers/detail every second' % error)
        try:
            measure(cloud, bench, args, results)
        except Exception as error:
            import traceback
            traceback.print_exc()
            results['error'] = '%s: %s' % (type(error).__name__, error)
            results.setdefault('memory', memory(cloud))
        results['load_after'] = os.getloadavg()
        results['notes'] = bench.notes is not None
    finally:
        if bench is not None and bench.notes is not None:
            bench.notes.stop()
        cloud.stop()
    print_report(args, results)
    return 0


def measure(cloud, bench, args, results):
    bench.setup()
    results['memory_start'] = memory(cloud)
    bench.warm_up()
    log('warm-up done; %d sequential boots' % args.samples)
    cpu0 = cpu(cloud)
    prof = Profiler(cloud, args.profile, 'seq') if args.profile \
        else None
    results['seq'] = bench.sequential(args.samples)
    if prof:
        prof.stop()
    cpu1 = cpu(cloud)
    results['cpu_seq'] = cpu_delta(cpu0, cpu1)
    log('concurrent batch of %d (%d threads)'
        % (args.servers, args.workers))
    prof = Profiler(cloud, args.profile, 'batch') if args.profile \
        else None
    machine0 = machine_cpu()
    batch = results['batch'] = bench.batch_concurrent(args.servers,
                                                      args.workers)
    results['machine_busy'] = busy_fraction(machine0, machine_cpu())
    if prof:
        prof.stop()
    results['cpu_batch'] = cpu_delta(cpu1, cpu(cloud))
    log('batch: %s' % ('%.2fs' % batch['active'] if batch['active']
                       else 'timeout %s' % batch['counts']))
    results['memory'] = memory(cloud)
    log('GET /servers/detail x %d' % args.samples)
    results['list'] = bench.list_latency(args.samples)
    log('deleting the batch')
    results['delete_batch'] = bench.delete_all(batch['ids'],
                                               args.workers)
    if not args.no_multi_create:
        log('multi-create batch of %d' % args.servers)
        try:
            multi = results['multi'] = bench.batch_multi_create(
                args.servers)
            log('multi-create: %s' % ('%.2fs' % multi['active']
                                      if multi['active'] else
                                      'timeout %s' % multi['counts']))
            results['delete_multi'] = bench.delete_all(multi['ids'],
                                                       args.workers)
        except Exception as error:
            log('multi-create failed: %s' % error)
    results['memory_end'] = memory(cloud)


if __name__ == '__main__':
    sys.exit(main())
