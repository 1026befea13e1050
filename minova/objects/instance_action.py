"""InstanceAction and its events: the history behind os-instance-actions."""

import traceback

from oslo_utils import timeutils
from oslo_utils import versionutils
from oslo_versionedobjects import fields

from minova.db import deferred as db_deferred
from minova.db.deferred import api as db
from minova.objects import base
from minova.objects import instance_fault
from minova.timeline import spans


@base.MinovaObjectRegistry.register
class InstanceAction(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=True),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, action, row):
        base.from_row(action, row)
        action._context = context
        return action

    @base.remotable_classmethod
    def action_start(cls, context, instance_uuid, action):
        row = db.action_start({
            'action': action, 'instance_uuid': instance_uuid,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id,
            'start_time': timeutils.utcnow()})
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def action_finish(cls, context, instance_uuid):
        row = db.action_finish(instance_uuid, context.request_id,
                               {'finish_time': timeutils.utcnow()})
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_request_id(cls, context, instance_uuid, request_id):
        row = db.action_get_by_request_id(instance_uuid, request_id)
        return cls._from_db_object(context, cls(), row) if row else None


@base.MinovaObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None):
        rows = db.actions_get(instance_uuid, limit=limit, marker=marker)
        return base.list_from_rows(cls, InstanceAction, context, rows)


@base.MinovaObjectRegistry.register
class InstanceActionEvent(base.MinovaObject):
    # 1.1: span (JSON of a timeline span), record_spans
    VERSION = '1.1'
    fields = {
        'id': fields.IntegerField(),
        'event': fields.StringField(nullable=True),
        'action_id': fields.IntegerField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'span': fields.StringField(nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop('span', None)

    @staticmethod
    def _from_db_object(context, event, row):
        base.from_row(event, row)
        event._context = context
        return event

    @base.remotable_classmethod
    def event_start(cls, context, instance_uuid, event_name, host=None):
        row = db.action_event_start(instance_uuid, context.request_id, {
            'event': event_name, 'start_time': timeutils.utcnow(),
            'host': host})
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def event_finish_with_failure(cls, context, instance_uuid, event_name,
                                  exc_val=None, exc_tb=None):
        values = {'finish_time': timeutils.utcnow(),
                  'result': 'Error' if exc_val else 'Success'}
        if exc_val:
            values['details'] = str(exc_val)[:1000]
            values['traceback'] = exc_tb
        row = db.action_event_finish(instance_uuid, context.request_id,
                                     event_name, values)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def record_spans(cls, context, instance_uuids, spans_, records=None):
        """Finished events, one per span of ``spans_`` (dicts from
        timeline.spans), on the action of this request of each instance:
        the one write of a batch of steps; ``records`` (records_write:
        events started, finished) go to each instance in the same
        transaction."""
        _write_spans(context, instance_uuids, spans_, records)

    @classmethod
    def event_finish(cls, context, instance_uuid, event_name):
        return cls.event_finish_with_failure(context, instance_uuid,
                                             event_name)


@base.MinovaObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @base.remotable_classmethod
    def get_by_action(cls, context, action_id):
        rows = db.action_events_get(action_id)
        return base.list_from_rows(cls, InstanceActionEvent, context, rows)


@db_deferred.retried_transaction
def _write_spans(context, instance_uuids, spans_, records):
    for instance_uuid in instance_uuids if records else ():
        records_write(context, instance_uuid, records)
    if spans_:
        db.action_events_record(
            instance_uuids, context.request_id,
            [dict(spans.event_values(s), instance_uuid=s.get('instance_uuid'))
             for s in spans_])


def records_write(context, instance_uuid, records):
    """Write ``records`` (a dict sent with a state save, see
    compute/build_records.py) on the instance's action of the request
    ``request_id`` (the one that recorded them; this context's when
    absent): ``start_events``/``finish_events`` (lists of event values,
    times as ISO text), ``spans`` (timeline span dicts),
    ``finish_action``."""
    records = dict(records)
    request_id = records.pop('request_id', None) or context.request_id
    records['spans'] = [dict(spans.event_values(s),
                             instance_uuid=s.get('instance_uuid'))
                        for s in records.get('spans', ())]
    db.action_records_write(instance_uuid, request_id, records)


def start_record(event_name, host):
    """An event's start, to go with a later save (records_write)."""
    return {'event': event_name, 'host': host,
            'start_time': timeutils.utcnow().isoformat()}


def finish_record(event_name, exc_val=None, exc_tb=None):
    """An event's finish, to go with a later save (records_write)."""
    values = {'event': event_name,
              'finish_time': timeutils.utcnow().isoformat(),
              'result': 'Error' if exc_val else 'Success'}
    if exc_val:
        values['details'] = str(exc_val)[:1000]
        values['traceback'] = exc_tb
    return values


class EventReporter:
    """Record an action event around a block of work (start, then finish
    with Success or with the error and its traceback)."""

    def __init__(self, context, event_name, host, *instance_uuids):
        self.context = context
        self.event_name = event_name
        self.host = host
        self.instance_uuids = instance_uuids

    def __enter__(self):
        for uuid in self.instance_uuids:
            InstanceActionEvent.event_start(self.context, uuid,
                                            self.event_name, host=self.host)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        tb = (instance_fault.with_explanation(exc_val, ''.join(
            traceback.format_exception(exc_type, exc_val, exc_tb)))
              if exc_val else None)
        for uuid in self.instance_uuids:
            InstanceActionEvent.event_finish_with_failure(
                self.context, uuid, self.event_name, exc_val=exc_val,
                exc_tb=tb)
        return False


class OneWriteEventReporter(EventReporter):
    """EventReporter for a short step: the event is written once, started
    and finished, when the block ends, for all its instances in one
    transaction (one write instead of two per instance)."""

    def __enter__(self):
        self.start = start_record(self.event_name, self.host)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        tb = (instance_fault.with_explanation(exc_val, ''.join(
            traceback.format_exception(exc_type, exc_val, exc_tb)))
              if exc_val else None)
        InstanceActionEvent.record_spans(
            self.context, list(self.instance_uuids), [], records={
                'start_events': [self.start],
                'finish_events': [finish_record(self.event_name, exc_val,
                                                tb)]})
        return False
