"""InstanceFault: why an instance went to ERROR, shown as ``fault``."""

import traceback

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base


@base.MinovaObjectRegistry.register
class InstanceFault(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, fault, row):
        base.from_row(fault, row)
        fault._context = context
        return fault

    @base.remotable
    def create(self):
        row = db.instance_fault_create(self.db_values())
        self._from_db_object(self._context, self, row)

    def db_values(self):
        """The column values of this new fault (Instance.save writes it
        with the instance's change)."""
        return base.db_values(self, [n for n in self.obj_what_changed()])

    @classmethod
    def from_exception(cls, context, instance_uuid, error, host=None):
        """A fault for ``error``: its own HTTP code and message."""
        code = getattr(error, 'code', 500)
        if not isinstance(code, int):
            code = 500
        message = (error.format_message() if hasattr(error, 'format_message')
                   else str(error)) or type(error).__name__
        details = with_explanation(error, ''.join(traceback.format_exception(
            type(error), error, error.__traceback__)))
        return cls(context, instance_uuid=instance_uuid, code=code,
                   message=message[:255], details=details, host=host)


def with_explanation(error, text):
    """``text`` (a traceback) after the scheduler's explanation, if the
    error has one: that is what an admin wants to read first."""
    explanation = exception.explanation_of(error)
    if not explanation:
        return text
    return 'Scheduler filter results:\n%s\n\n%s' % (explanation, text or '')
