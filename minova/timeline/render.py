"""A server action's steps as rows of text, with bars to scale.

Input: the events of ``GET /servers/{id}/os-instance-actions/{req_id}``.
An event that is a timeline span carries ``minova:span`` (process, host,
start to the microsecond, duration); other events (the envelopes that
Nova records too, like ``compute__do_build_and_run_instance``) are drawn
from their own start and finish times.
"""

import datetime

SPAN_KEY = 'minova:span'
_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'
BAR_WIDTH = 40

# What each step is, in the seeds' words; a step not here shows its name.
LABELS = {
    'api_accept': 'API accepts (auth, validation, image)',
    'api_quota': 'quota',
    'api_rows_written': 'rows written',
    'api_cast_to_conductor': 'cast to conductor',
    'conductor_schedule_and_build_instances': 'conductor: schedule',
    'scheduler_select_destinations': 'scheduler select_destinations',
    'conductor_cast_to_compute': 'cast to compute',
    'compute__do_build_and_run_instance': 'compute: build and run',
    'compute_lock_wait': 'lock/semaphore wait',
    'compute_take_build': 'take the build (state check)',
    'compute_claim': 'claim',
    'compute_network_allocate': 'network allocate (call)',
    'compute_block_devices': 'block devices',
    'compute_spawn': 'spawn',
    'libvirt_image': 'image fetch / cache',
    'libvirt_disks': 'disks and config drive',
    'libvirt_guest_xml': 'XML',
    'libvirt_define': 'define',
    'libvirt_launch': 'launch',
    'libvirt_wait_for_running': 'wait for running',
    'fake_spawn': 'fake driver spawn',
    'guest_ready': 'guest ready (console)',
    # The other actions' steps.
    'api_cast_to_compute': 'cast to compute',
    'api_call_to_conductor': 'call conductor',
    'api_local_delete': 'deleted here (no host runs it)',
    'conductor_migrate_server': 'conductor: schedule the move',
    'compute_guest_destroy': 'destroy the guest',
    'compute_network_deallocate': 'network deallocate (call)',
    'compute_instance_destroyed': 'instance row deleted',
    'compute_guest_reboot': 'reboot the guest',
    'compute_guest_power_off': 'power off',
    'compute_guest_power_on': 'power on',
    'compute_move_claim': 'move claim',
    'compute_cast_to_source': 'cast to the source host',
    'compute_cast_to_destination': 'cast to the destination host',
    'compute_guest_power_off_and_disk': 'power off, disk ready to read',
    'compute_guest_finish_migration': 'guest on the new host',
    'compute_guest_drop_source': 'drop the old disk',
    'compute_guest_finish_revert': 'old guest back',
    'compute_snapshot': 'snapshot',
    'libvirt_clean_shutdown': 'ACPI shutdown',
    'libvirt_power_off': 'power off (destroy)',
    'libvirt_filters': 'filters',
    'libvirt_destroy_domain': 'destroy and undefine the domain',
    'libvirt_remove_files': 'filters and files removed',
    'libvirt_prepare_disks': 'disks ready to be read',
    'libvirt_pull_disks': 'disks copied from the source',
    'libvirt_restore_source': 'old disks back',
    'libvirt_snapshot_flatten': 'flatten the disk (paused)',
    'libvirt_snapshot_upload': 'upload to the image service',
}

# Nova's event names begin with their service: compute_..., conductor_...
_PREFIXES = ('compute', 'conductor', 'scheduler', 'api', 'network')


def _time(text):
    return datetime.datetime.strptime(text, _FORMAT) if text else None


def _process(event):
    prefix = event['event'].split('_', 1)[0]
    return 'minova-' + prefix if prefix in _PREFIXES else '-'


def spans(events):
    """One dict per event (event, process, host, start, duration, result,
    details), in the order the steps began."""
    rows = []
    for event in events:
        span = event.get(SPAN_KEY)
        if span:
            start, duration = span['start'], span['duration']
            process, host = span['process'], span.get('host')
            details = span.get('details') or {}
            for_instance = span.get('instance_uuid')
        else:
            start, finish = event['start_time'], event['finish_time']
            duration = ((_time(finish) - _time(start)).total_seconds()
                        if start and finish else None)
            process, host, details = _process(event), event.get('host'), {}
            for_instance = None
        rows.append({'event': event['event'], 'process': process,
                     'host': host, 'start': start, 'duration': duration,
                     'result': event.get('result'), 'details': details,
                     'for_instance': for_instance})
    return sorted(rows, key=lambda row: row['start'] or '')


def _key(row):
    return (row['event'], row['start'], row['process'], row['host'],
            row['for_instance'])


def merged(labelled):
    """The rows of one request over several instances: ``labelled`` is
    [(instance label, its action's events)]. A step on every instance's
    action (the API's) is one row with ``instance`` None, first; then
    each instance's own steps, labelled, in the order given."""
    per_instance = [(label, spans(events)) for label, events in labelled]
    shared = set.intersection(*[{_key(r) for r in rows}
                                for _label, rows in per_instance])
    out = [dict(r, instance=None) for r in per_instance[0][1]
           if _key(r) in shared]
    for label, rows in per_instance:
        out += [dict(r, instance=label) for r in rows
                if _key(r) not in shared]
    return out


def _words(event):
    """A step in words; a compute host's action event
    (``compute_reboot_instance``) as ``compute: reboot``."""
    if event in LABELS:
        return LABELS[event]
    if event.startswith('compute_') and event.endswith('_instance'):
        return 'compute: ' + event[8:-9].replace('_', ' ')
    return event


def label(row):
    """A row's step in words, with its instance when it has one."""
    text = _words(row['event'])
    if row.get('instance'):
        text = '%s: %s' % (row['instance'], text)
    if row['result'] not in (None, 'Success'):
        text += ' (%s)' % row['result']
    return text


def document(server_id, action):
    """What ``minova server-timeline --json`` prints and the web page
    draws: the action of a server and its spans (``action`` is its
    os-instance-actions body, with events)."""
    return {'action': action['action'], 'request_id': action['request_id'],
            'server': server_id, 'spans': spans(action.get('events', []))}


def offset(row, origin):
    """Seconds from ``origin`` (``extent``'s first start) to the row's
    start."""
    return (_time(row['start']) - origin).total_seconds()


def extent(rows):
    """(first start, seconds from it to the last finish) of ``rows``."""
    starts = [_time(r['start']) for r in rows if r['start']]
    if not starts:
        return None, 0.0
    origin = min(starts)
    ends = [(_time(r['start']) - origin).total_seconds() + (r['duration'] or 0)
            for r in rows if r['start']]
    return origin, max(ends)


def _bar(offset, duration, total, width=BAR_WIDTH):
    scale = width / total if total else 0
    left = min(width - 1, int(offset * scale))
    length = max(1, int(round((duration or 0) * scale)))
    length = min(length, width - left)
    return ' ' * left + '#' * length + ' ' * (width - left - length)


def details_text(details):
    """A step's details on one line (each filter's hosts in and out)."""
    parts = []
    for key, value in sorted(details.items()):
        if key == 'filters':
            parts.append(', '.join('%s %d->%d' % tuple(f) for f in value))
        elif value not in (None, '', [], {}):
            parts.append('%s=%s' % (key, value))
    return '; '.join(parts)


def lines(action, rows):
    """The timeline of ``action`` (its os-instance-actions body) as text
    lines: a header, one row per step, each step's details under it."""
    origin, total = extent(rows)
    instances = {r['instance'] for r in rows if r.get('instance')}
    head = '%s %s  %d steps in %.3fs' % (action['action'],
                                         action['request_id'], len(rows),
                                         total)
    if instances:
        head += ' (%d instances)' % len(instances)
    out = [head,
           '%-38s %-17s %-12s %9s %9s  |%s|' % (
               'step', 'process', 'host', 'start', 'took',
               'time'.center(BAR_WIDTH))]
    for row in rows:
        start = offset(row, origin)
        took = '-' if row['duration'] is None else '%.3fs' % row['duration']
        out.append('%-38s %-17s %-12s %+8.3fs %9s  |%s|' % (
            label(row)[:38],
            row['process'][:17], (row['host'] or '-')[:12], start, took,
            _bar(start, row['duration'], total)))
        if details_text(row['details']):
            out.append('    %s' % details_text(row['details']))
    return out
