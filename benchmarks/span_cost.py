#!/usr/bin/env python3
"""What the timeline's spans cost a boot: POST -> ACTIVE with
``[timeline] enabled = True`` against ``False``.

Starts two clouds with the functional-test harness (tests/functional/
cloud.py; one fake-driver compute each, real processes, RabbitMQ, SQLite)
that differ only in that option, then boots and deletes servers on them
in turn (A, B, A, B, ...) so both see the same load of the machine. A
sample is the time from sending the POST to the first GET that shows
ACTIVE (polled every --poll-ms). Prints p50/p95 of each, the difference,
and the load average before and after. A measurement, not a test: it
exits 0.

    python benchmarks/span_cost.py [--samples 20] [--poll-ms 10]
"""

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.functional import cloud as cloud_lib  # noqa: E402
# The boot benchmark's percentile (this script's folder is sys.path[0]).
from libvirt_boot import percentile  # noqa: E402


def start_cloud(enabled):
    cloud = cloud_lib.Cloud(computes={'host1': {}}, conf={
        'DEFAULT': {'debug': 'false'},
        'timeline': {'enabled': str(enabled)}})
    cloud.__enter__()
    cloud.create_flavor('bench', 'm1.bench', ram=64, disk=1, vcpus=1)
    cloud.bench_image = cloud.create_image(name='bench-image')['id']
    cloud.api.version = '2.37'
    return cloud


def post_to_active(cloud, poll, timeout=60):
    started = time.monotonic()
    server_id = cloud.boot(name='bench', flavorRef='bench',
                           imageRef=cloud.bench_image,
                           networks='none')['server']['id']
    while time.monotonic() - started < timeout:
        status = cloud.api.get('/servers/%s' % server_id).json()[
            'server']['status']
        if status == 'ACTIVE':
            elapsed = time.monotonic() - started
            break
        if status == 'ERROR':
            raise SystemExit('server %s went to ERROR' % server_id)
        time.sleep(poll)
    else:
        raise SystemExit('server %s not ACTIVE in %ss' % (server_id, timeout))
    cloud.api.delete('/servers/%s' % server_id)
    cloud.wait_for_deleted(server_id, timeout=timeout)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--samples', type=int, default=20)
    parser.add_argument('--warm-up', type=int, default=2)
    parser.add_argument('--poll-ms', type=float, default=10.0)
    args = parser.parse_args()
    poll = args.poll_ms / 1000.0
    load_before = os.getloadavg()
    clouds = {}
    try:
        clouds['on'] = start_cloud(True)
        clouds['off'] = start_cloud(False)
        times = {'on': [], 'off': []}
        for index in range(args.warm_up + args.samples):
            for name, cloud in clouds.items():
                elapsed = post_to_active(cloud, poll)
                if index >= args.warm_up:
                    times[name].append(elapsed)
    finally:
        for cloud in clouds.values():
            cloud.__exit__(None, None, None)
    load_after = os.getloadavg()
    print('POST -> ACTIVE, fake driver, %d samples each, alternating, '
          'poll %.0f ms' % (args.samples, args.poll_ms))
    print('%-22s %9s %9s %9s' % ('[timeline] enabled', 'p50 ms', 'p95 ms',
                                 'mean ms'))
    for name, label in (('on', 'True (spans)'), ('off', 'False')):
        values = times[name]
        print('%-22s %9.1f %9.1f %9.1f' % (
            label, 1000 * percentile(values, 50),
            1000 * percentile(values, 95), 1000 * statistics.mean(values)))
    print('p50 difference: %+.1f ms' % (
        1000 * (percentile(times['on'], 50) - percentile(times['off'], 50))))
    print('load average before: %.2f %.2f %.2f' % load_before)
    print('load average after:  %.2f %.2f %.2f' % load_after)
    print('cores: %d' % os.cpu_count())
    return 0


if __name__ == '__main__':
    sys.exit(main())
