#!/usr/bin/env python3
"""Libvirt boot benchmark: what does minova add to booting a real guest?

Starts a cloud (tests/functional/cloud.py) with one minova-compute on the
libvirt driver (``[libvirt] virt_type``, qemu by default: software
emulation) and the test image from tools/build-test-image, then measures
on this machine:

- POST-to-ACTIVE: from sending POST /servers until GET /servers/{id}
  shows ACTIVE with no task state (polled every --poll-ms), over
  --samples sequential boots (one warm-up boot first fills the image
  cache, as on any host that already ran the image);
- POST-to-ready: until the guest printed "minova-guest ready" on its
  serial console (its console.log, read directly on this host);
- the floor: the same guest (the XML libvirt holds for one of those
  domains, its files copied: a fresh qcow2 overlay, kernel, ramdisk,
  config drive) started by a bare ``virsh create``, timed to its ready
  line the same way, and ``virsh create``'s own run time;
- five (--concurrent) boots at once, through minova and as bare
  ``virsh create``s.

minova's overhead per boot = p50(POST-to-ready) - p50(floor ready);
target < 0.5 s. It prints the figures and exits 0: it measures, it does
not test. Needs libvirtd and virtlogd running (.ci/run starts them).

    python benchmarks/libvirt_boot.py [--samples 10] [--concurrent 5]
        [--virt-type qemu|kvm] [--debug] [--keep-state]
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.functional import cloud as cloud_lib  # noqa: E402

warnings.filterwarnings('ignore', module='eventlet')

BUILD = os.path.join(ROOT, 'tools', 'build-test-image')
URI = 'qemu:///system'
READY = b'minova-guest ready'
TARGET_OVERHEAD_S = 0.5
FLAVOR_ID = 'lvbench'
_T0 = time.monotonic()


def log(msg):
    print('[%6.1fs] %s' % (time.monotonic() - _T0, msg), file=sys.stderr,
          flush=True)


def percentile(values, pct):
    data = sorted(values)
    if not data:
        return float('nan')
    rank = (len(data) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def virsh(*args, check=True):
    proc = subprocess.run(['virsh', '-c', URI] + list(args),
                          capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise RuntimeError('virsh %s: %s' % (' '.join(args), proc.stderr))
    return proc.stdout


def wait_for_file_text(path, text, started, timeout, interval=0.02):
    """Seconds from ``started`` until ``path`` contains ``text``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path, 'rb') as data:
                if text in data.read():
                    return time.monotonic() - started
        except FileNotFoundError:
            pass
        time.sleep(interval)
    raise RuntimeError('%r not in %s after %ss' % (text, path, timeout))


class Bench:
    def __init__(self, cloud, args):
        self.cloud = cloud
        self.args = args
        self.instances_path = os.path.join(cloud.state_path, 'instances')

    # -- through minova ---------------------------------------------------

    def post(self, name):
        started = time.monotonic()
        resp = self.cloud.api.post('/servers', {'server': {
            'name': name, 'imageRef': self.cloud.image_id,
            'flavorRef': FLAVOR_ID, 'networks': 'none'}})
        if resp.status_code != 202:
            raise RuntimeError(resp.text)
        return resp.json()['server']['id'], started

    def wait_active(self, server_id, started):
        deadline = started + self.args.timeout
        interval = self.args.poll_ms / 1000.0
        while time.monotonic() < deadline:
            server = self.cloud.api.get('/servers/%s' % server_id).json()[
                'server']
            if server['status'] == 'ACTIVE' and \
                    server['OS-EXT-STS:task_state'] is None:
                return time.monotonic() - started
            if server['status'] == 'ERROR':
                raise RuntimeError('server went to ERROR: %s' % server)
            time.sleep(interval)
        raise RuntimeError('server %s not ACTIVE' % server_id)

    def boot(self, name):
        """(POST-to-ACTIVE, POST-to-ready, server id)."""
        server_id, started = self.post(name)
        active = self.wait_active(server_id, started)
        ready = wait_for_file_text(
            os.path.join(self.instances_path, server_id, 'console.log'),
            READY, started, self.args.timeout)
        return active, ready, server_id

    def delete(self, server_ids):
        for server_id in server_ids:
            self.cloud.api.delete('/servers/%s' % server_id)
        for server_id in server_ids:
            self.cloud.wait_for_deleted(server_id, timeout=120)

    # -- the floor: bare virsh create -------------------------------------

    def capture_domain(self, server_id):
        """The XML libvirt holds for a minova guest and its files."""
        name = self.cloud.admin.get('/servers/%s' % server_id).json()[
            'server']['OS-EXT-SRV-ATTR:instance_name']
        self.floor_xml = virsh('dumpxml', '--inactive', name)
        self.floor_uuid = server_id
        self.floor_src = os.path.join(self.instances_path, server_id)
        self.floor_root = tempfile.mkdtemp(prefix='floor-',
                                           dir=self.cloud.state_path)
        os.chmod(self.floor_root, 0o755)
        self.floor_files = {}
        for name in ('kernel', 'ramdisk', 'disk.config'):
            with open(os.path.join(self.floor_src, name), 'rb') as data:
                self.floor_files[name] = data.read()
        info = subprocess.run(['qemu-img', 'info', '-U', '--output=json',
                               os.path.join(self.floor_src, 'disk')],
                              capture_output=True, text=True, check=True)
        info = json.loads(info.stdout)
        self.floor_backing = info['backing-filename']
        self.floor_size = info['virtual-size']

    def prepare_floor(self, index):
        """A copy of the captured guest (not timed): its own directory,
        a fresh overlay, a new name and uuid; the XML file's path."""
        guest_dir = os.path.join(self.floor_root, str(index))
        os.makedirs(guest_dir)
        for name, data in self.floor_files.items():
            with open(os.path.join(guest_dir, name), 'wb') as out:
                out.write(data)
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b',
                        self.floor_backing, '-F', 'qcow2',
                        os.path.join(guest_dir, 'disk'),
                        str(self.floor_size)], check=True)
        new_uuid = str(uuid.uuid4())
        xml = self.floor_xml.replace(self.floor_src, guest_dir)
        xml = xml.replace(self.floor_uuid, new_uuid)
        start = xml.index('<name>') + len('<name>')
        end = xml.index('</name>')
        name = 'floor-%s-%d' % (self.cloud.tag, index)
        xml = xml[:start] + name + xml[end:]
        path = os.path.join(guest_dir, 'domain.xml')
        with open(path, 'w') as out:
            out.write(xml)
        return name, path, os.path.join(guest_dir, 'console.log')

    def floor_boot(self, prepared):
        """(virsh create run time, create-to-ready)."""
        name, xml_path, console = prepared
        started = time.monotonic()
        virsh('create', xml_path)
        created = time.monotonic() - started
        ready = wait_for_file_text(console, READY, started,
                                   self.args.timeout)
        return created, ready, name


def summary(label, values, unit='s'):
    return '%-44s p50 %6.2f%s  min %6.2f  max %6.2f  (n=%d)' % (
        label, percentile(values, 50), unit, min(values), max(values),
        len(values))


def start_cloud(args):
    tag = uuid.uuid4().hex[:8]
    conf = {
        'DEFAULT': {'debug': 'true' if args.debug else 'false',
                    'report_interval': '10',
                    'service_down_time': '60',
                    'update_resources_interval': '60',
                    'instance_name_template': 'bench-%s-%%08x' % tag},
        'network': {'network_driver': 'noop'},
    }
    computes = {'host1': {
        'DEFAULT': {'compute_driver': 'libvirt.LibvirtDriver'},
        'libvirt': {'virt_type': args.virt_type}}}
    cloud = cloud_lib.Cloud(computes=computes, conf=conf)
    cloud.tag = tag
    try:
        cloud.start()
    except BaseException:
        cloud.stop()
        raise
    if 'minova-network' not in cloud.processes:
        cloud.start_service('minova-network')
    # libvirt-qemu must reach the instance files under the state dir.
    os.chmod(cloud.state_path, 0o755)
    cloud.create_flavor(FLAVOR_ID, 'm1.lvbench', ram=128, disk=1, vcpus=1)
    proc = subprocess.run([BUILD, '--endpoint', cloud.image_endpoint,
                           '--token', 'admin:admin'], capture_output=True,
                          text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    ids = dict(line.split('=', 1) for line in proc.stdout.split())
    cloud.image_id = ids['image_id']
    cloud.api.version = '2.37'
    return cloud


def run(bench, args):
    results = {}
    log('warm-up boot (fills the image cache)')
    _active, _ready, warm_id = bench.boot('warm-up')
    bench.capture_domain(warm_id)
    bench.delete([warm_id])

    # Interleaved, so both see the same load from the rest of the machine.
    log('%d sequential boots through minova, each followed by a bare '
        'virsh create of the same guest' % args.samples)
    for key in ('active', 'ready', 'created', 'floor_ready'):
        results[key] = []
    for index in range(args.samples):
        active, ready, server_id = bench.boot('seq-%d' % index)
        bench.delete([server_id])
        created, floor_ready, name = bench.floor_boot(
            bench.prepare_floor(index))
        virsh('destroy', name, check=False)
        log('  %d: minova ACTIVE %.2fs ready %.2fs | virsh create %.2fs '
            'ready %.2fs' % (index, active, ready, created, floor_ready))
        for key, value in (('active', active), ('ready', ready),
                           ('created', created),
                           ('floor_ready', floor_ready)):
            results[key].append(value)

    n = args.concurrent
    log('%d concurrent boots through minova' % n)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        boots = list(pool.map(bench.boot, ['conc-%d' % i for i in range(n)]))
    results['conc_wall'] = time.monotonic() - started
    results['conc_active'] = [b[0] for b in boots]
    results['conc_ready'] = [b[1] for b in boots]
    bench.delete([b[2] for b in boots])

    log('%d concurrent bare virsh creates' % n)
    prepared = [bench.prepare_floor(args.samples + i) for i in range(n)]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        floors = list(pool.map(bench.floor_boot, prepared))
    results['conc_floor_wall'] = time.monotonic() - started
    results['conc_floor_created'] = [f[0] for f in floors]
    results['conc_floor_ready'] = [f[1] for f in floors]
    for _created, _ready, name in floors:
        virsh('destroy', name, check=False)
    return results


def report(results, args):
    overhead = percentile(results['ready'], 50) - percentile(
        results['floor_ready'], 50)
    prep = percentile(results['active'], 50) - percentile(
        results['created'], 50)
    conc_overhead = percentile(results['conc_ready'], 50) - percentile(
        results['conc_floor_ready'], 50)
    print()
    print('libvirt boot benchmark: virt_type=%s, %d CPUs, load %s'
          % (args.virt_type, os.cpu_count(),
             ' '.join('%.2f' % x for x in os.getloadavg())))
    print(summary('POST-to-ACTIVE (minova)', results['active']))
    print(summary('POST-to-ready (minova)', results['ready']))
    print(summary('virsh create run time (floor)', results['created']))
    print(summary('virsh create-to-ready (floor)', results['floor_ready']))
    paired = [m - f for m, f in zip(results['ready'],
                                    results['floor_ready'])]
    print('%-44s %6.2fs   target < %.1fs: %s' % (
        'overhead per boot: ready p50 - floor p50', overhead,
        TARGET_OVERHEAD_S, 'met' if overhead < TARGET_OVERHEAD_S
        else 'NOT met'))
    print('%-44s %6.2fs' % ('overhead per boot: p50 of paired diffs',
                            percentile(paired, 50)))
    print('%-44s %6.2fs' % ('POST-to-ACTIVE p50 - virsh create p50', prep))
    n = args.concurrent
    print(summary('%d concurrent: POST-to-ACTIVE' % n,
                  results['conc_active']))
    print(summary('%d concurrent: POST-to-ready' % n,
                  results['conc_ready']))
    print(summary('%d concurrent: virsh create run time' % n,
                  results['conc_floor_created']))
    print(summary('%d concurrent: virsh create-to-ready' % n,
                  results['conc_floor_ready']))
    print('%-44s %6.2fs (all ready; floor %.2fs)' % (
        '%d concurrent: wall time' % n, results['conc_wall'],
        results['conc_floor_wall']))
    print('%-44s %6.2fs' % ('%d concurrent: overhead per boot (p50)' % n,
                            conc_overhead))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--samples', type=int, default=10)
    parser.add_argument('--concurrent', type=int, default=5)
    parser.add_argument('--virt-type', default='qemu',
                        choices=('qemu', 'kvm'))
    parser.add_argument('--poll-ms', type=int, default=10)
    parser.add_argument('--timeout', type=float, default=300.0,
                        help='seconds one boot may take')
    parser.add_argument('--debug', action='store_true',
                        help='services log at DEBUG (default: INFO)')
    parser.add_argument('--keep-state', action='store_true')
    args = parser.parse_args(argv)
    if args.keep_state:
        os.environ['MINOVA_TEST_KEEP_STATE'] = '1'
    if subprocess.run(['virsh', '-c', URI, 'version'],
                      capture_output=True).returncode != 0:
        sys.exit('libvirtd is not reachable at %s: virtlogd -d; libvirtd -d'
                 % URI)
    log('starting the cloud (libvirt compute, virt_type %s)'
        % args.virt_type)
    cloud = start_cloud(args)
    try:
        results = run(Bench(cloud, args), args)
    finally:
        for name in virsh('list', '--all', '--name').split():
            if cloud.tag in name:
                virsh('destroy', name, check=False)
                virsh('undefine', name, check=False)
        cloud.stop()
    report(results, args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
