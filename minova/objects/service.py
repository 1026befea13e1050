"""Service: one running minova service and its heartbeat."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

import minova.conf
from minova.db.deferred import api as db
from minova import exception
from minova.objects import base

CONF = minova.conf.CONF


@base.MinovaObjectRegistry.register
class Service(base.MinovaPersistentObject, base.MinovaObject):
    VERSION = '1.0'
    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(default=0),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'version': fields.IntegerField(default=0),
    })

    @staticmethod
    def _from_db_object(context, service, row):
        base.from_row(service, row)
        service._context = context
        return service

    @base.remotable_classmethod
    def get_by_id(cls, context, service_id):
        row = db.row_get('Service', exception.ServiceNotFound(
            service_id=service_id), id=service_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, service_uuid):
        row = db.row_get('Service', exception.ServiceNotFound(
            service_id=service_uuid), uuid=service_uuid)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_host_and_binary(cls, context, host, binary):
        rows = db.rows_get('Service', host=host, binary=binary)
        return cls._from_db_object(context, cls(), rows[0]) if rows else None

    @base.remotable
    def create(self):
        values = base.db_values(self, [n for n in self.obj_what_changed()])
        values.setdefault('uuid', uuidutils.generate_uuid())
        values['last_seen_up'] = timeutils.utcnow()
        row = db.row_create('Service', values, exception.ServiceBinaryExists(
            host=self.host, binary=self.binary))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        changes = base.db_values(self, self.obj_what_changed())
        if changes:
            row = db.row_update('Service', self.id, changes)
            self._from_db_object(self._context, self, row)

    @base.remotable
    def heartbeat(self):
        row = db.service_heartbeat(self.id)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.row_delete('Service', self.id, soft=True)

    def is_up(self):
        """Up: not forced down and heard from within service_down_time."""
        if self.forced_down:
            return False
        last = self.last_seen_up or self.updated_at or self.created_at
        if last is None:
            return False
        elapsed = timeutils.delta_seconds(base.naive(last),
                                          timeutils.utcnow())
        return abs(elapsed) <= CONF.service_down_time


@base.MinovaObjectRegistry.register
class ServiceList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Service')}

    @base.remotable_classmethod
    def get_all(cls, context, binary=None, host=None):
        equal = {}
        if binary:
            equal['binary'] = binary
        if host:
            equal['host'] = host
        rows = db.rows_get('Service', **equal)
        return base.list_from_rows(cls, Service, context, rows)
