#!/usr/bin/env python3
"""Create-to-SSH benchmark: how long from ``server create`` until ``ssh``
by floating IP works from the outside?

Starts the cloud of tests/functional/test_reachable.py (libvirt compute,
virt_type qemu, the iptables firewall, the metadata service, a public
pool, the test image, a namespace ``minova-outside-*`` on the public
bridge), adds the ``default`` group's SSH rule and a key pair, then per
sample (--samples, sequential, after one warm-up that fills the image
cache):

- POSTs a server with the key pair and allocates a floating IP;
- POST-to-ACTIVE: until GET /servers/{id} shows ACTIVE, no task state;
- associates the floating IP (addFloatingIp) once the server is ACTIVE;
- POST-to-port-22-open: until a TCP connect to the floating IP's port
  22 from the outside namespace succeeds (tried every 0.1 s, 0.5 s
  each);
- POST-to-ssh: until ``ip netns exec minova-outside-* ssh -i key
  root@<floating IP> hostname`` then prints the server's name (tried
  every --interval seconds);
- deletes the server and releases the floating IP.

It prints the figures with the load average and exits 0: it measures,
it does not test. Needs root, libvirtd and virtlogd.

    python benchmarks/create_to_ssh.py [--samples 5] [--timeout 300]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.functional import cloud as cloud_lib  # noqa: E402
# The cloud, the outside namespace and the helpers of the functional
# test; the boot benchmark's figures (this script's folder is sys.path[0]).
from tests.functional import test_reachable as reachable  # noqa: E402
from libvirt_boot import log, summary  # noqa: E402

warnings.filterwarnings('ignore', module='eventlet')

# Run in the outside namespace: connect until it works or time is up.
_PROBE = """
import socket, sys, time
address, port, deadline = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline += time.monotonic()
while time.monotonic() < deadline:
    try:
        socket.create_connection((address, port), timeout=0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit('not open')
"""


def make_cloud(**kwargs):
    cloud = cloud_lib.Cloud(**kwargs)
    return cloud.__enter__()


class Bench:
    def __init__(self, cloud, outside, args):
        self.cloud = cloud
        self.outside = outside
        self.args = args
        self.key_file = os.path.join(tempfile.mkdtemp(
            dir=cloud.state_path), 'bench.pem')
        keypair = cloud.api.post('/os-keypairs', {'keypair': {
            'name': 'bench'}}).json()['keypair']
        with open(self.key_file, 'w') as out:
            out.write(keypair['private_key'])
        os.chmod(self.key_file, 0o600)
        self.rule = reachable._add_rule(cloud, 'tcp', 22, 22)

    def _active(self, server_id, started):
        while time.monotonic() - started < self.args.timeout:
            server = self.cloud.api.get('/servers/%s' % server_id).json()[
                'server']
            if server['status'] == 'ERROR':
                raise RuntimeError('server went to ERROR: %s' % server)
            if server['status'] == 'ACTIVE' and \
                    server['OS-EXT-STS:task_state'] is None:
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError('server %s not ACTIVE' % server_id)

    def _port_open(self, fip, started):
        """POST-to-port-22-open: one process in the outside namespace
        tries to connect every 0.1 s, each try given 0.5 s (a guest not
        up yet drops the SYN: a long time-out would blur the figure)."""
        left = self.args.timeout - (time.monotonic() - started)
        probe = subprocess.run(
            ['ip', 'netns', 'exec', self.outside.namespace, sys.executable,
             '-c', _PROBE, fip, '22', str(left)], capture_output=True,
            text=True, timeout=left + 10)
        if probe.returncode != 0:
            raise RuntimeError('port 22 of %s not open: %s'
                               % (fip, probe.stderr))
        return time.monotonic() - started

    def _ssh(self, fip, name, started):
        """(POST-to-ssh, tries)."""
        tries = 0
        while time.monotonic() - started < self.args.timeout:
            tries += 1
            if self.outside.ssh(self.key_file, fip, 'hostname') == (0, name):
                return time.monotonic() - started, tries
            time.sleep(self.args.interval)
        raise RuntimeError('no ssh to %s in %ss' % (fip, self.args.timeout))

    def sample(self, index):
        """(POST-to-ACTIVE, POST-to-port-22-open, POST-to-ssh, ssh
        tries)."""
        name = 'ssh-%s' % index
        started = time.monotonic()
        server_id = reachable._boot(self.cloud, name, key_name='bench')
        fip = self.cloud.api.post('/os-floating-ips', {
            'pool': 'public'}).json()['floating_ip']
        try:
            active = self._active(server_id, started)
            resp = self.cloud.api.post(
                '/servers/%s/action' % server_id,
                {'addFloatingIp': {'address': fip['ip']}})
            if resp.status_code != 202:
                raise RuntimeError(resp.text)
            port = self._port_open(fip['ip'], started)
            ssh, tries = self._ssh(fip['ip'], name, started)
        finally:
            self.cloud.api.delete('/servers/%s' % server_id)
            self.cloud.wait_for_deleted(server_id, timeout=120)
            self.cloud.api.delete('/os-floating-ips/%s' % fip['id'])
        return active, port, ssh, tries


def report(results, load_before, args):
    print()
    print('create-to-ssh benchmark: virt_type=qemu (TCG), %d CPUs, '
          'load before %s, after %s' % (
              os.cpu_count(), ' '.join('%.2f' % x for x in load_before),
              ' '.join('%.2f' % x for x in os.getloadavg())))
    print(summary('POST-to-ACTIVE', [r[0] for r in results]))
    print(summary('POST-to-port 22 open (floating IP, outside)',
                  [r[1] for r in results]))
    print(summary('POST-to-ssh by floating IP (from outside)',
                  [r[2] for r in results]))
    print(summary('ssh tries after the port opened',
                  [r[3] for r in results], unit=' '))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--samples', type=int, default=5)
    parser.add_argument('--interval', type=float, default=0.5,
                        help='seconds between ssh tries')
    parser.add_argument('--timeout', type=float, default=300.0,
                        help='seconds one sample may take')
    parser.add_argument('--keep-state', action='store_true')
    args = parser.parse_args(argv)
    if args.keep_state:
        os.environ['MINOVA_TEST_KEEP_STATE'] = '1'
    if os.geteuid() != 0:
        sys.exit('needs root (netfilter, namespaces)')
    load_before = os.getloadavg()
    log('starting the cloud (libvirt compute, iptables firewall, '
        'public bridge, outside namespace)')
    cloud, outside = reachable.start_world(make_cloud)
    results = []
    try:
        bench = Bench(cloud, outside, args)
        # The image cache filled, as on any host that ran the image.
        warm = bench.sample('warm-up')
        log('  warm-up: ACTIVE %.2fs, port open %.2fs, ssh %.2fs '
            '(%d tries)' % warm)
        for index in range(args.samples):
            results.append(bench.sample(index))
            log('  %d: ACTIVE %.2fs, port open %.2fs, ssh %.2fs '
                '(%d tries)' % ((index,) + results[-1]))
    finally:
        reachable.stop_world(cloud, outside)
    report(results, load_before, args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
