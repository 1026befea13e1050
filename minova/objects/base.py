"""The base classes and serializer of minova's versioned objects."""

from oslo_utils import timeutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

import minova.objects

remotable = ovo_base.remotable
remotable_classmethod = ovo_base.remotable_classmethod


class MinovaObjectRegistry(ovo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        # The newest registered version becomes minova.objects.<Name>.
        current = getattr(minova.objects, cls.obj_name(), None)
        if current is None or _version(cls) >= _version(current):
            setattr(minova.objects, cls.obj_name(), cls)


def _version(cls):
    return tuple(int(part) for part in cls.VERSION.split('.'))


class MinovaObject(ovo_base.VersionedObject,
                   ovo_base.VersionedObjectDictCompat):
    OBJ_SERIAL_NAMESPACE = 'minova_object'
    OBJ_PROJECT_NAMESPACE = 'minova'


class MinovaPersistentObject:
    """Mixin: the timestamp and soft-delete columns most tables carry."""
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    }


class ObjectListBase(ovo_base.ObjectListBase):
    pass


class MinovaObjectSerializer(ovo_base.VersionedObjectSerializer):
    OBJ_BASE_CLASS = MinovaObject


def utc(value):
    """Database datetimes are naive UTC; objects hold aware ones."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timeutils.datetime.timezone.utc)


def naive(value):
    if value is None or value.tzinfo is None:
        return value
    return timeutils.normalize_time(value)


def from_row(obj, row, skip=()):
    """Fill ``obj``'s plain fields from a DB row of the same names."""
    for name, field in obj.fields.items():
        if name in skip or not hasattr(row, name):
            continue
        value = getattr(row, name)
        if name == 'deleted':
            value = bool(value)
        elif isinstance(field, fields.DateTimeField):
            value = utc(value)
        setattr(obj, name, value)
    obj.obj_reset_changes()
    return obj


def db_values(obj, names):
    """The changed fields of ``obj`` as column values."""
    values = {}
    for name in names:
        value = getattr(obj, name)
        if isinstance(obj.fields[name], fields.DateTimeField):
            value = naive(value)
        values[name] = value
    return values


def list_from_rows(list_cls, item_cls, context, rows, **kwargs):
    objs = list_cls(context, objects=[])
    objs.objects = [item_cls._from_db_object(context, item_cls(), row,
                                             **kwargs) for row in rows]
    objs.obj_reset_changes()
    return objs
