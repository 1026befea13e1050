"""Waiting for servers to finish what they were asked (``--poll`` and
``--wait`` of boot, reboot, stop, start and delete): every named server is
polled together, the progress shown only goes forward, and the servers
that ended badly are named with their fault."""

import dataclasses
import time

from minova.cli import client as client_lib
from minova.cli import progress

POLL_INTERVAL = 0.5
# Statuses that are themselves an operation in progress.
BUSY = ('BUILD', 'REBOOT', 'HARD_REBOOT', 'REBUILD')
GONE = 'deleted'


@dataclasses.dataclass(frozen=True)
class Operation:
    """What one request puts a server through: the task states the
    compute manager walks, in order, and the status it ends in (None: the
    server is gone)."""
    gerund: str
    steps: tuple
    target: str | tuple | None


BUILD = Operation('building', ('scheduling', 'networking',
                               'block_device_mapping', 'spawning'), 'ACTIVE')
SOFT_REBOOT = Operation('rebooting', ('rebooting', 'reboot_pending',
                                      'reboot_started'), 'ACTIVE')
HARD_REBOOT = Operation('rebooting', ('rebooting_hard', 'reboot_pending_hard',
                                      'reboot_started_hard'), 'ACTIVE')
STOP = Operation('stopping', ('powering-off',), 'SHUTOFF')
START = Operation('starting', ('powering-on',), 'ACTIVE')
DELETE = Operation('deleting', ('deleting',), None)
RESCUE = Operation('rescuing', ('rescuing',), 'RESCUE')
UNRESCUE = Operation('unrescuing', ('unrescuing',), 'ACTIVE')
SHELVE = Operation('shelving', ('shelving', 'shelving_image_pending_upload',
                                'shelving_image_uploading',
                                'shelving_offloading'),
                   ('SHELVED', 'SHELVED_OFFLOADED'))
SHELVE_OFFLOAD = Operation('offloading', ('shelving_offloading',),
                           'SHELVED_OFFLOADED')
UNSHELVE = Operation('unshelving', ('unshelving', 'spawning'), 'ACTIVE')


def snapshot(status):
    """createImage and createBackup leave the server as it was."""
    return Operation('snapshotting', ('image_snapshot', 'image_backup',
                                      'image_pending_upload',
                                      'image_uploading'), status)


def rebuild(status):
    """A rebuilt server ends as it was: ACTIVE, or SHUTOFF if stopped."""
    return Operation('rebuilding', ('rebuilding',
                                    'rebuild_block_device_mapping',
                                    'rebuild_spawning'),
                     'SHUTOFF' if status == 'SHUTOFF' else 'ACTIVE')


def finished(server):
    """No task running and not in a busy status (or gone)."""
    return server is None or (not server.get('OS-EXT-STS:task_state') and
                              server.get('status') not in BUSY)


def by_ids(compute, ids):
    """A fetch of these servers, each ``None`` once it is gone."""
    def fetch():
        found = {}
        for server_id in ids:
            try:
                found[server_id] = compute.get('/servers/%s'
                                               % server_id)['server']
            except client_lib.HTTPError as error:
                if error.status != 404:
                    raise
                found[server_id] = None
        return found
    return fetch


def by_reservation(compute, reservation_id):
    """A fetch of the servers of one multi-create."""
    def fetch():
        servers = compute.get('/servers/detail', params={
            'reservation_id': reservation_id})['servers']
        return {server['id']: server for server in servers}
    return fetch


class Tracker:
    """The progress of one operation on some servers, never going back:
    a build passes ``task_state = None`` between scheduling and
    networking, which must not read as a step back to 0 %."""

    def __init__(self, operation, names=None):
        self.operation = operation
        self._best = {}
        self._names = dict(names or {})

    def update(self, servers):
        """Take in one poll (id -> server or None) and describe it."""
        for server_id, server in servers.items():
            if server is not None:
                self._names[server_id] = server.get('name')
            self._best[server_id] = max(self._best.get(server_id, 0.0),
                                        self._fraction(server))
        return self._describe(servers)

    def _fraction(self, server):
        if finished(server):
            return 1.0
        steps = self.operation.steps
        task = server.get('OS-EXT-STS:task_state')
        return (steps.index(task) + 1) / (len(steps) + 1.0) \
            if task in steps else 0.0

    def _describe(self, servers):
        fraction = sum(self._best.values()) / max(len(self._best), 1)
        if len(servers) == 1:
            (server_id, server), = servers.items()
            status = server['status'] if server else GONE
            task = (server or {}).get('OS-EXT-STS:task_state') or ''
            return 'Server %s %-6s %-20s %s %3d%%' % (
                self._names.get(server_id), status, task,
                progress.bar(fraction), fraction * 100)
        counts = {}
        for server in servers.values():
            status = server['status'] if server else GONE
            counts[status] = counts.get(status, 0) + 1
        summary = ', '.join('%d %s' % (n, status)
                            for status, n in sorted(counts.items()))
        return '%d servers: %-28s %s %3d%%' % (
            len(servers), summary, progress.bar(fraction), fraction * 100)

    def failures(self, servers):
        """(id, line) for each server that did not end as asked."""
        lines = []
        for server_id, server in sorted(servers.items()):
            name = self._names.get(server_id) or server_id
            target = self.operation.target
            if server is None:
                if target is not None:
                    lines.append((server_id, 'Server %s was deleted' % name))
            elif server['status'] == 'ERROR':
                lines.append((server_id, 'Error %s server %s: %s' % (
                    self.operation.gerund, server_id,
                    (server.get('fault') or {}).get('message') or
                    'no fault recorded')))
            elif server['status'] not in _statuses(target):
                lines.append((server_id, 'Server %s is %s, not %s' % (
                    name, server['status'],
                    ' or '.join(_statuses(target)) or GONE)))
        return lines


def _statuses(target):
    """An operation may end in one of several statuses (shelve: SHELVED
    or, offloaded at once, SHELVED_OFFLOADED)."""
    if target is None:
        return ()
    return target if isinstance(target, tuple) else (target,)


def wait(fetch, operation, stream, names=None):
    """Poll ``fetch()`` until every server finished, showing progress on
    ``stream``; returns the last poll and ``Tracker.failures``.
    ``names``: id -> name, for servers gone before the first poll."""
    tracker = Tracker(operation, names)
    line = progress.ProgressLine(stream, force=True)
    try:
        while True:
            servers = fetch()
            line.show(tracker.update(servers))
            if all(finished(server) for server in servers.values()):
                return servers, tracker.failures(servers)
            time.sleep(POLL_INTERVAL)
    finally:
        line.close()
