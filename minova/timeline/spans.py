"""Spans: the timed steps of one request in this process.

A span is recorded where its work happens (``with spans.span(context,
'compute_claim'):``) and kept on the request context, so the steps of
two builds in one process never mix. ``flush`` writes what a context
holds as instance action events of the request's action, all in one
batch: directly on a process with a database, in one conductor call on a
compute host (a remotable method, as every compute write). No round trip
per span.
"""

import contextlib
import json
import os
import sys

from oslo_log import log as logging
from oslo_utils import timeutils

import minova.conf

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

_ATTR = '_minova_spans'
_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'


def process_name():
    """``minova-compute`` for ``minova-compute`` as for ``python -m
    minova.cmd.compute``."""
    name = os.path.splitext(os.path.basename(sys.argv[0] or ''))[0]
    if not name.startswith('minova-'):
        name = 'minova-' + name.replace('_', '-')
    return name


def strtime(value):
    return value.strftime(_TIME_FORMAT)


def parse_time(text):
    return timeutils.parse_strtime(text, _TIME_FORMAT)


class Recorder:
    """The spans of one request in this process, not yet written."""

    def __init__(self):
        self.pending = []

    def add(self, name, start, finish, details=None, instance_uuid=None,
            failed=False):
        self.pending.append({
            'event': name, 'start': strtime(start), 'finish': strtime(finish),
            'result': 'Error' if failed else 'Success', 'host': CONF.host,
            'process': process_name(), 'details': details or {},
            'instance_uuid': instance_uuid})

    def take(self):
        """The pending spans in the order their steps began (a step is
        added when it ends, after the steps inside it)."""
        taken, self.pending = self.pending, []
        return sorted(taken, key=lambda span: span['start'])


def recorder(context):
    rec = getattr(context, _ATTR, None)
    if rec is None:
        rec = Recorder()
        setattr(context, _ATTR, rec)
    return rec


@contextlib.contextmanager
def span(context, name, instance_uuid=None, **details):
    """Time the block as step ``name``; the block may add to the dict it
    gets (``details['cache'] = 'hit'``). An exception marks it Error."""
    details = dict(details)
    if not CONF.timeline.enabled or context is None:
        yield details
        return
    start = timeutils.utcnow()
    failed = False
    try:
        yield details
    except BaseException:
        failed = True
        raise
    finally:
        recorder(context).add(name, start, timeutils.utcnow(), details,
                              instance_uuid, failed)


def record(context, name, start, finish=None, instance_uuid=None,
           failed=False, **details):
    """A step timed by the caller (one that began elsewhere, like the wait
    for a lock since the message came)."""
    if CONF.timeline.enabled and context is not None:
        recorder(context).add(name, start, finish or timeutils.utcnow(),
                              details, instance_uuid, failed)


@contextlib.contextmanager
def api_action(context, instance_uuids, step='api_cast_to_compute'):
    """The API's part of an action on ``instance_uuids``: accepted since
    the request came (auth, checks, state, action row), then ``step``,
    the message the block sends; the steps written after it, in one
    batch, before the API answers."""
    record(context, 'api_accept', context.timestamp)
    try:
        with span(context, step):
            yield
    finally:
        flush(context, instance_uuids)


def take(context):
    """The context's pending spans, to go with a state save
    (objects/instance_action.py: records_write); give them back with
    ``restore`` when the save fails."""
    return recorder(context).take() if context is not None else []


def restore(context, taken):
    if taken:
        rec = recorder(context)
        rec.pending = list(taken) + rec.pending


def flush(context, instance_uuids):
    """Write the context's spans to the actions of ``instance_uuids`` of
    its request, in one batch. A span is never worth a failed request:
    an error is logged and the spans dropped."""
    if context is None:
        return
    pending = recorder(context).take()
    if not pending or not instance_uuids:
        return
    from minova import objects
    try:
        objects.InstanceActionEvent.record_spans(
            context, list(instance_uuids), pending)
    except Exception as error:
        LOG.warning('Recording %d span(s) of request %s failed: %s',
                    len(pending), context.request_id, error)


def flush_after_reply(context, instance_uuids):
    """``flush`` in a green thread of its own: a service that answers a
    call (the scheduler) replies first and writes its spans after."""
    from minova import concurrency
    concurrency.spawn(flush, context, instance_uuids)


def event_values(span_dict):
    """The instance_actions_events columns of one span. A span of one
    instance of several (the scheduler's, per instance) names it, so a
    multi-create's timeline tells it from the steps they share."""
    span = {'process': span_dict['process'], 'start': span_dict['start'],
            'duration': round((parse_time(span_dict['finish']) -
                               parse_time(span_dict['start'])
                               ).total_seconds(), 6),
            'details': span_dict['details']}
    if span_dict.get('instance_uuid'):
        span['instance_uuid'] = span_dict['instance_uuid']
    return {
        'event': span_dict['event'],
        'start_time': parse_time(span_dict['start']),
        'finish_time': parse_time(span_dict['finish']),
        'result': span_dict['result'],
        'host': span_dict['host'],
        'span': json.dumps(span, sort_keys=True)}
