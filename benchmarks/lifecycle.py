#!/usr/bin/env python3
"""Lifecycle benchmark: the rest of a server's life on real guests.

Starts a cloud (tests/functional/cloud.py) with two minova-compute hosts
on the libvirt driver sharing this machine's libvirtd (each with its own
instances_path, as tests/functional/test_server_moves.py runs them),
minova-network with its Linux driver (a bridge and dnsmasq in a
namespace of their own) and one network, and the test image of
tools/build-test-image. One server on that network then goes through
each action ``-n`` times:

    snapshot backup rebuild resize-confirm resize-revert migrate
    shelve-unshelve rescue-unrescue pause-unpause suspend-resume
    stop-start reboot-soft reboot-hard delete

(``delete`` deletes ``-n`` servers booted for it). While an action runs
the server is polled every ``--poll-ms`` (GET /servers/{id} as admin) and
every task state seen is recorded. After each sample the benchmark looks
for what was left behind: libvirt domains (and managed-save files) of
the cloud that no live server owns, entries of either host's
instances_path that are not the server's own directory on its own host
(``_base`` is the image cache and stays), files under
``instances_path/snapshots``, images other than the test image and the
ones the benchmark keeps, a fixed IP that changed or went away, and a
hypervisor's used RAM/vCPUs/disk that is not its baseline plus the
flavors of the servers on it (claims). After each action's samples,
``minova-manage audit`` runs as well.

It prints one row per action: task states seen, the p50 seconds of each
leg (n samples), what was left behind, and the load average; it exits
0 (it measures, it does not test). Needs root, libvirtd and virtlogd.

    python benchmarks/lifecycle.py [-n 3] [--actions snapshot,rebuild]
        [--poll-ms 50] [--keep-state] [--debug]
"""

import argparse
import collections
import ipaddress
import os
import random
import subprocess
import sys
import time
import uuid
import warnings

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.functional import cloud as cloud_lib  # noqa: E402
# The same helpers as the boot benchmark (this script's own folder is
# sys.path[0]).
from libvirt_boot import log, percentile, virsh  # noqa: E402

warnings.filterwarnings('ignore', module='eventlet')

BUILD = os.path.join(ROOT, 'tools', 'build-test-image')
URI = 'qemu:///system'
SAVE_DIR = '/var/lib/libvirt/qemu/save'
HOSTS = ('host1', 'host2')
READY = 'minova-guest ready'
FLAVORS = {'lc1': dict(ram=128, disk=1, vcpus=1),
           # The same disk: a resize may not shrink one.
           'lc2': dict(ram=192, disk=1, vcpus=1)}
SETTLE_S = 20      # claims and directories may trail an action by a tick


def load():
    return ' '.join('%.2f' % x for x in os.getloadavg())


# -- the cloud -------------------------------------------------------------

def start_cloud(args):
    tag = uuid.uuid4().hex[:8]
    computes = {}
    for host in HOSTS:
        computes[host] = {
            'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver',
                        'instances_path': '$state_path/instances-' + host},
            'libvirt': {'virt_type': args.virt_type,
                        'shutdown_timeout': args.shutdown_timeout}}
    conf = {'DEFAULT': {'debug': 'true' if args.debug else 'false',
                        'instance_name_template': 'lc-%s-%%08x' % tag,
                        'update_resources_interval': '5',
                        'service_down_time': '60'}}
    cloud = cloud_lib.Cloud(computes=computes, conf=conf)
    cloud.tag = tag
    try:
        cloud.start()
        _prepare(cloud)
    except BaseException:
        stop_cloud(cloud)
        raise
    return cloud


def _prepare(cloud):
    # libvirt-qemu must reach the instance files under the state dir.
    os.chmod(cloud.state_path, 0o755)
    cloud.instances = {h: os.path.join(cloud.state_path, 'instances-' + h)
                       for h in HOSTS}
    for flavor_id, spec in FLAVORS.items():
        cloud.create_flavor(flavor_id, 'm1.' + flavor_id, **spec)
    # A /24 of 10.128.0.0/9 no other cloud of this machine is likely on.
    cidr = ipaddress.ip_network('10.%d.%d.0/24' % (
        random.randint(128, 250), random.randint(0, 255)))
    cloud.network = cloud.create_network('lifecycle', str(cidr))
    proc = subprocess.run([BUILD, '--endpoint', cloud.image_endpoint,
                           '--token', 'admin:admin'], capture_output=True,
                          text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    built = dict(line.split('=', 1) for line in proc.stdout.split())
    cloud.image_id = built['image_id']
    cloud.image_ids = {built[key] for key in ('image_id', 'kernel_id',
                                              'ramdisk_id')}
    cloud.api.version = cloud.admin.version = '2.37'


def stop_cloud(cloud):
    for name in virsh('list', '--all', '--name', check=False).split():
        if cloud.tag in name:
            virsh('destroy', name, check=False)
            virsh('undefine', '--managed-save', name, check=False)
    cloud.stop()


# -- watching a server -----------------------------------------------------

class Watch:
    """Polls one server until a condition holds; the task states seen."""

    def __init__(self, cloud, poll_ms, timeout):
        self.cloud = cloud
        self.interval = poll_ms / 1000.0
        self.timeout = timeout

    def until(self, sid, started, status, states):
        """Seconds from ``started`` until the server is in ``status``
        with no task state (``DELETED``: gone); every task state seen
        is appended to ``states``."""
        deadline = started + self.timeout
        while time.monotonic() < deadline:
            resp = self.cloud.admin.get('/servers/%s' % sid)
            now = time.monotonic() - started
            if resp.status_code == 404 and status == 'DELETED':
                return now
            server = resp.json()['server']
            task = server['OS-EXT-STS:task_state']
            if task and (not states or states[-1] != task):
                states.append(task)
            if server['status'] == status and task is None:
                return now
            if server['status'] == 'ERROR':
                raise RuntimeError('server went to ERROR: %s'
                                   % server.get('fault'))
            time.sleep(self.interval)
        raise RuntimeError('server %s not %s in %ss' % (sid, status,
                                                        self.timeout))


# -- what is left behind ---------------------------------------------------

class Leftovers:
    """What the cloud holds that its live servers do not explain."""

    def __init__(self, cloud):
        self.cloud = cloud
        self.keep_images = set(cloud.image_ids)
        # name -> how many the benchmark holds right now
        self.expect_images = collections.Counter()
        self.baseline = self._usage()

    def _usage(self):
        resp = self.cloud.admin.get('/os-hypervisors/detail')
        return {h['service']['host']: (h['memory_mb_used'], h['vcpus_used'],
                                       h['local_gb_used'])
                for h in resp.json()['hypervisors']}

    def _servers(self):
        resp = self.cloud.admin.get('/servers/detail?all_tenants=1')
        return resp.json()['servers']

    def domains(self, servers):
        live = {s['OS-EXT-SRV-ATTR:instance_name'] for s in servers
                if s['OS-EXT-SRV-ATTR:host']}
        suspended = {s['OS-EXT-SRV-ATTR:instance_name'] for s in servers
                     if s['status'] == 'SUSPENDED'}
        found = []
        for name in virsh('list', '--all', '--name').split():
            if self.cloud.tag in name and name not in live:
                found.append('domain %s' % name)
        for name in os.listdir(SAVE_DIR) if os.path.isdir(SAVE_DIR) else ():
            if self.cloud.tag in name and \
                    name.rsplit('.', 1)[0] not in suspended:
                found.append('managed save %s' % name)
        return found

    def files(self, servers):
        own = {(s['OS-EXT-SRV-ATTR:host'], s['id']) for s in servers}
        found = []
        for host, path in self.cloud.instances.items():
            entries = os.listdir(path) if os.path.isdir(path) else []
            for entry in entries:
                if entry == 'snapshots':
                    found += ['%s snapshots/%s' % (host, name)
                              for name in os.listdir(
                                  os.path.join(path, entry))]
                elif entry != '_base' and (host, entry) not in own:
                    found.append('%s instances/%s' % (host, entry))
        return found

    def images(self):
        resp = requests.get(self.cloud.image_endpoint + '/v2/images',
                            headers={'X-Auth-Token': 'admin:admin'},
                            timeout=30)
        held = collections.Counter(i['name'] for i in resp.json()['images']
                                   if i['id'] not in self.keep_images)
        return ['%d image(s) %s, %d expected' % (
            held[name], name, self.expect_images[name])
            for name in sorted(set(held) | set(self.expect_images))
            if held[name] != self.expect_images[name]]

    def claims(self, servers):
        expected = {host: list(used) for host, used in self.baseline.items()}
        for server in servers:
            host = server['OS-EXT-SRV-ATTR:host']
            if host in expected:
                spec = FLAVORS[server['flavor']['id']]
                for index, key in enumerate(('ram', 'vcpus', 'disk')):
                    expected[host][index] += spec[key]
        usage = self._usage()
        return ['claims %s: %s used, %s expected' % (
            host, '/'.join(map(str, usage[host])),
            '/'.join(map(str, expected[host])))
            for host in sorted(usage)
            if list(usage[host]) != expected[host]]

    def addresses(self, servers, fixed):
        found = []
        for server in servers:
            now = sorted(a['addr'] for addrs in server['addresses'].values()
                         for a in addrs)
            if server['id'] in fixed and now != fixed[server['id']]:
                found.append('fixed IP of %s: %s, was %s' % (
                    server['name'], now, fixed[server['id']]))
        return found

    def check(self, fixed):
        """Everything left behind, after up to SETTLE_S seconds."""
        deadline = time.monotonic() + SETTLE_S
        while True:
            servers = self._servers()
            found = (self.domains(servers) + self.files(servers) +
                     self.images() + self.claims(servers) +
                     self.addresses(servers, fixed))
            if not found or time.monotonic() > deadline:
                return found
            time.sleep(1)

    def audit(self):
        cmd = cloud_lib.service_command('minova-manage') + [
            '--config-file', self.cloud.conf_path, 'audit']
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=300)
        if proc.returncode == 0:
            return []
        found = [line.split() for line in proc.stdout.splitlines()[1:-1]]
        return ['audit: %s' % ' '.join(row) for row in found
                if row and not self._foreign(row)] or \
            ['audit: exit %d, only other clouds\' guests'
             % proc.returncode]

    def _foreign(self, row):
        """An orphan (or an unproven guest) the audit found that is
        another cloud's: clouds on this libvirtd may name their hosts
        host1 and host2 too (the audit goes by the host name in minova's
        metadata)."""
        if row[0] not in ('guest', 'unproven') or len(row) < 3:
            return False
        name = virsh('domname', row[2], check=False).strip()
        return bool(name) and self.cloud.tag not in name


# -- the actions -----------------------------------------------------------

Leg = collections.namedtuple('Leg', 'name body target admin')


def leg(name, body, target, admin=False):
    return Leg(name, body, target, admin)


def _resize(server):
    """To the other flavor (the view's at microversion 2.37)."""
    other = 'lc2' if server['flavor']['id'] == 'lc1' else 'lc1'
    return {'resize': {'flavorRef': other}}


# name -> (legs: a function of the server's admin view, or a list;
#          does its last leg boot the guest afresh)
ACTIONS = collections.OrderedDict([
    ('snapshot', ([leg('createImage', lambda s: {'createImage': {
        'name': 'lc-snap'}}, 'ACTIVE')], False)),
    ('backup', ([leg('createBackup', lambda s: {'createBackup': {
        'name': 'lc-backup', 'backup_type': 'daily', 'rotation': 1}},
        'ACTIVE')], False)),
    ('rebuild', ([leg('rebuild', lambda s: {'rebuild': {
        'imageRef': s['image']['id']}}, 'ACTIVE')], True)),
    ('resize-confirm', ([leg('resize', _resize, 'VERIFY_RESIZE'),
                         leg('confirmResize', {'confirmResize': None},
                             'ACTIVE')], True)),
    ('resize-revert', ([leg('resize', _resize, 'VERIFY_RESIZE'),
                        leg('revertResize', {'revertResize': None},
                            'ACTIVE')], True)),
    ('migrate', ([leg('migrate', {'migrate': None}, 'VERIFY_RESIZE',
                      admin=True),
                  leg('confirmResize', {'confirmResize': None},
                      'ACTIVE')], True)),
    ('shelve-unshelve', ([leg('shelve', {'shelve': None},
                              'SHELVED_OFFLOADED'),
                          leg('unshelve', {'unshelve': None}, 'ACTIVE')],
                         True)),
    ('rescue-unrescue', ([leg('rescue', {'rescue': None}, 'RESCUE'),
                          leg('unrescue', {'unrescue': None}, 'ACTIVE')],
                         True)),
    ('pause-unpause', ([leg('pause', {'pause': None}, 'PAUSED'),
                        leg('unpause', {'unpause': None}, 'ACTIVE')],
                       False)),
    ('suspend-resume', ([leg('suspend', {'suspend': None}, 'SUSPENDED'),
                         leg('resume', {'resume': None}, 'ACTIVE')],
                        False)),
    ('stop-start', ([leg('os-stop', {'os-stop': None}, 'SHUTOFF'),
                     leg('os-start', {'os-start': None}, 'ACTIVE')], True)),
    ('reboot-soft', ([leg('reboot SOFT', {'reboot': {'type': 'SOFT'}},
                          'ACTIVE')], True)),
    ('reboot-hard', ([leg('reboot HARD', {'reboot': {'type': 'HARD'}},
                          'ACTIVE')], True)),
    ('delete', (None, False)),
])
IMAGES = {'snapshot': 'lc-snap', 'backup': 'lc-backup'}


class Bench:
    def __init__(self, cloud, args):
        self.cloud = cloud
        self.args = args
        self.watch = Watch(cloud, args.poll_ms, args.timeout)
        self.leftovers = Leftovers(cloud)
        self.fixed = {}
        self.sid = None
        self.console_mark = None     # console text before a fresh boot

    # -- helpers ----------------------------------------------------------

    def view(self, sid=None):
        return self.cloud.admin.get('/servers/%s' % (sid or self.sid)
                                    ).json()['server']

    def boot(self, name):
        server = self.cloud.boot(name=name, imageRef=self.cloud.image_id,
                                 flavorRef='lc1',
                                 networks=[{'uuid': self.cloud.network}])
        sid = server['server']['id']
        self.watch.until(sid, time.monotonic(), 'ACTIVE', [])
        view = self.view(sid)
        self.fixed[sid] = sorted(a['addr'] for addrs in
                                 view['addresses'].values() for a in addrs)
        return sid

    def console(self):
        resp = self.cloud.api.post('/servers/%s/action' % self.sid,
                                   {'os-getConsoleOutput': {}})
        return resp.json().get('output', '') if resp.ok else ''

    def wait_for_guest(self):
        """Until the guest printed its ready line (last), after the
        last action that booted it afresh; not timed."""
        deadline = time.monotonic() + self.args.timeout
        while time.monotonic() < deadline:
            text = self.console()
            lines = text.strip().splitlines()
            if lines and lines[-1].strip() == READY and \
                    text != self.console_mark:
                return
            time.sleep(1)
        log('  the guest did not print %r in %ss'
            % (READY, self.args.timeout))

    def post(self, body, admin):
        client = self.cloud.admin if admin else self.cloud.api
        started = time.monotonic()
        resp = client.post('/servers/%s/action' % self.sid, body)
        if resp.status_code not in (200, 202, 204):
            raise RuntimeError('%s: %s' % (body, resp.text))
        return started

    def drop_images(self, name):
        """The snapshots or backups the benchmark made (not timed)."""
        resp = requests.get(self.cloud.image_endpoint + '/v2/images',
                            headers={'X-Auth-Token': 'admin:admin'},
                            timeout=30)
        self.leftovers.expect_images[name] = 0
        for image in resp.json()['images']:
            if image['name'] == name:
                requests.delete(self.cloud.image_endpoint +
                                '/v2/images/%s' % image['id'],
                                headers={'X-Auth-Token': 'admin:admin'},
                                timeout=30)

    # -- one sample -------------------------------------------------------

    def sample(self, name):
        """(seconds of each leg, task states seen, left behind)."""
        if name == 'delete':
            return self.sample_delete()
        legs, boots = ACTIONS[name]
        # A clean shutdown (stop, soft reboot, resize, migrate, shelve,
        # rescue) needs the guest up: its acpid answers the power button;
        # else the host waits shutdown_timeout before it pulls the plug.
        self.wait_for_guest()
        if boots:
            self.console_mark = self.console()
        times, states = [], []
        for one in legs:
            body = one.body(self.view()) if callable(one.body) else one.body
            started = self.post(body, one.admin)
            times.append(self.watch.until(self.sid, started, one.target,
                                          states))
        if name in IMAGES:
            # A snapshot each time; rotation 1 keeps one backup.
            self.leftovers.expect_images[IMAGES[name]] = 1
            self.wait_images_active()
        left = self.leftovers.check(self.fixed)
        if name == 'snapshot':
            self.drop_images(IMAGES[name])
        return times, states, left

    def wait_images_active(self):
        deadline = time.monotonic() + self.args.timeout
        while time.monotonic() < deadline:
            resp = requests.get(self.cloud.image_endpoint + '/v2/images',
                                headers={'X-Auth-Token': 'admin:admin'},
                                timeout=30)
            mine = [i for i in resp.json()['images']
                    if i['name'] in IMAGES.values()]
            if mine and all(i['status'] == 'active' for i in mine):
                return
            time.sleep(0.2)

    def sample_delete(self):
        sid = self.boot('lc-delete')
        states = []
        started = time.monotonic()
        resp = self.cloud.api.delete('/servers/%s' % sid)
        if resp.status_code != 204:
            raise RuntimeError(resp.text)
        seconds = self.watch.until(sid, started, 'DELETED', states)
        del self.fixed[sid]
        return [seconds], states, self.leftovers.check(self.fixed)


def run(bench, names, n):
    rows = []
    bench.sid = bench.boot('lc-life')
    log('server %s ACTIVE on %s' % (bench.sid,
                                    bench.view()['OS-EXT-SRV-ATTR:host']))
    for name in names:
        per_leg, states, left = [], [], []
        for index in range(n):
            times, seen, found = bench.sample(name)
            per_leg.append(times)
            for state in seen:
                if state not in states:
                    states.append(state)
            left += [f for f in found if f not in left]
            log('%s %d: %s s; %s; left: %s' % (
                name, index + 1, ' + '.join('%.1f' % t for t in times),
                ' '.join(seen) or '-', ', '.join(found) or 'nothing'))
        left += bench.leftovers.audit()
        if name == 'backup':
            bench.drop_images(IMAGES[name])
        rows.append((name, states, list(zip(*per_leg)), left, load()))
    sid, bench.sid = bench.sid, None
    bench.cloud.api.delete('/servers/%s' % sid)
    bench.watch.until(sid, time.monotonic(), 'DELETED', [])
    del bench.fixed[sid]
    final = bench.leftovers.check(bench.fixed) + bench.leftovers.audit()
    return rows, final


def report(rows, final, args, load_before):
    legs_of = {name: ACTIONS[name][0] for name in ACTIONS}
    print()
    print('lifecycle benchmark: virt_type=%s, 2 libvirt hosts on one '
          'libvirtd, n=%d, poll %d ms, %d CPUs' % (
              args.virt_type, args.n, args.poll_ms, os.cpu_count()))
    print('load average before: %s, after: %s' % (load_before, load()))
    print()
    print('| action | task states seen | p50 s (per leg) | left behind '
          '| load after |')
    print('|---|---|---|---|---|')
    for name, states, legs, left, load_after in rows:
        names = [one.name for one in legs_of[name]] \
            if legs_of[name] else ['DELETE']
        p50 = ' + '.join('%s %.1f' % (leg_name, percentile(times, 50))
                         for leg_name, times in zip(names, legs))
        if len(legs) > 1:
            total = [sum(t) for t in zip(*legs)]
            p50 += ' = %.1f' % percentile(total, 50)
        print('| %s | %s | %s | %s | %s |' % (
            name, ' → '.join(states) or '-', p50,
            '; '.join(left) or 'nothing', load_after))
    print()
    print('after deleting the last server: %s'
          % ('; '.join(final) or 'nothing left behind'))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-n', type=int, default=3,
                        help='samples of each action')
    parser.add_argument('--actions', default=','.join(ACTIONS),
                        help='comma-separated, of: %s' % ', '.join(ACTIONS))
    parser.add_argument('--virt-type', default='qemu',
                        choices=('qemu', 'kvm'))
    parser.add_argument('--poll-ms', type=int, default=50)
    parser.add_argument('--timeout', type=float, default=600.0,
                        help='seconds one leg may take')
    parser.add_argument('--shutdown-timeout', type=int, default=60,
                        help='[libvirt] shutdown_timeout of the hosts')
    parser.add_argument('--debug', action='store_true',
                        help='services log at DEBUG (default: INFO)')
    parser.add_argument('--keep-state', action='store_true')
    args = parser.parse_args(argv)
    names = [a for a in args.actions.split(',') if a]
    unknown = set(names) - set(ACTIONS)
    if unknown:
        parser.error('unknown actions: %s' % ', '.join(sorted(unknown)))
    if args.keep_state:
        os.environ['MINOVA_TEST_KEEP_STATE'] = '1'
    if subprocess.run(['virsh', '-c', URI, 'version'],
                      capture_output=True).returncode != 0:
        sys.exit('libvirtd is not reachable at %s: virtlogd -d; libvirtd -d'
                 % URI)
    load_before = load()
    log('starting the cloud (2 libvirt hosts, virt_type %s)'
        % args.virt_type)
    cloud = start_cloud(args)
    try:
        rows, final = run(Bench(cloud, args), names, args.n)
    finally:
        stop_cloud(cloud)
    report(rows, final, args, load_before)
    return 0


if __name__ == '__main__':
    sys.exit(main())
