"""The fault matrix: fault x state -> outcome, time to settle, leaks.

    PYTHONPATH=. python3 benchmarks/fault_matrix.py [--infra] [--libvirt]
                                                     [-k EXPR]

Runs the functional fault scenarios themselves (tests/functional/
test_faults.py: kill -9 of compute, conductor, scheduler, network, image
API and API at a point of a server's life; test_lifecycle_faults.py:
kill -9 of compute in the lifecycle task states, resize, shelve,
unshelve, rescue, snapshot, rebuild, pause, suspend; with --infra also
test_infra_faults.py: a private RabbitMQ's stop_app/start_app, a
private MariaDB's and a private PostgreSQL's restart, and with --infra
--libvirt the machine's libvirtd restarted under real guests, which
other clouds on the machine share: seconds down) and prints the rows they recorded as one
table, with the machine's load average (settle times depend on it). A
scenario that failed is named under the table. It measures, it does not
gate: it always exits 0.
"""

import argparse
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


class _Failures:
    def __init__(self):
        self.failed = []

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.append('%s (%s)' % (report.nodeid, report.when))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--infra', action='store_true',
                        help='also restart a private RabbitMQ, MariaDB and '
                             'PostgreSQL')
    parser.add_argument('--libvirt', action='store_true',
                        help='also the real QEMU guest cases (slow; with '
                             '--infra, restarts libvirtd)')
    parser.add_argument('-k', default=None, help="pytest's -k")
    args = parser.parse_args()
    files = ['tests/functional/test_faults.py',
             'tests/functional/test_lifecycle_faults.py']
    if args.infra:
        files.append('tests/functional/test_infra_faults.py')
    argv = ['-q', '-p', 'no:cacheprovider'] + files
    selection = [] if args.libvirt else ['not libvirt']
    if args.k:
        selection.append('(%s)' % args.k)
    if selection:
        argv += ['-k', ' and '.join(selection)]
    failures = _Failures()
    load_before = os.getloadavg()
    pytest.main(argv, plugins=[failures])
    from tests.functional import test_faults
    from tests.functional import test_lifecycle_faults
    print(test_faults.format_matrix(test_faults.RESULTS +
                                    test_lifecycle_faults.RESULTS))
    print('\nload average before: %.2f %.2f %.2f, after: %.2f %.2f %.2f '
          '(%d cores)' % (load_before + os.getloadavg() +
                          (os.cpu_count(),)))
    for name in failures.failed:
        print('FAILED: %s' % name)
    return 0


if __name__ == '__main__':
    sys.exit(main())
