"""The base classes and serializer of minova's versioned objects."""

import datetime

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


# Field types whose coerce returns a value of this exact type unchanged
# (str(s), int(i), bool(b), ...): a row's value of that type is stored
# as it is. Coercing every field of every row was the largest cost of a
# server list (issue 15). Other types, subclasses and None (which may
# mean "the default") still go through the coercing setter.
_TRUSTED_TYPES = {
    fields.StringField: str,
    fields.UUIDField: str,
    fields.IntegerField: int,
    fields.BooleanField: bool,
    fields.FloatField: float,
}


def trusted_type(field):
    """The value type ``field`` keeps as it is, or None."""
    if type(field) is fields.DateTimeField:
        # Aware datetimes pass unchanged (from_row makes them aware).
        return datetime.datetime if field.AUTO_TYPE.tzinfo_aware else None
    return _TRUSTED_TYPES.get(type(field))


_PLANS = {}


def _plan(cls):
    """(name, storage attribute, trusted type, nullable, is a datetime)
    of each of ``cls``'s fields, worked out once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (name, ovo_base._get_attrname(name), trusted_type(field),
             field.nullable, isinstance(field, fields.DateTimeField))
            for name, field in cls.fields.items())
    return plan


def store(obj, name, value):
    """Store ``value`` as field ``name``, unchanged and not recorded as a
    change: only for a value that is what the field's coerce returns."""
    setattr(obj, ovo_base._get_attrname(name), value)


def copy_loaded(obj):
    """A new object of ``obj``'s class and context with the same field
    values, none recorded as changed: immutable values shared, the others
    (dicts, lists of immutable items) copied by the coercing setter."""
    new = type(obj)()
    new._context = obj._context
    for name, attr, expected, _nullable, _is_time in _plan(type(obj)):
        value = getattr(obj, attr, _MISSING)
        if value is _MISSING:
            continue
        if value is None or expected is not None:
            setattr(new, attr, value)
        else:
            setattr(new, name, value)
    new.obj_reset_changes()
    return new


_MISSING = object()


def from_row(obj, row, skip=()):
    """Fill ``obj``'s plain fields from a DB row of the same names.

    A value of a type its field's coerce returns unchanged (and None for
    a nullable field) is stored as it is; the others go through the
    coercing setter.
    """
    for name, attr, expected, nullable, is_time in _plan(type(obj)):
        if name in skip:
            continue
        value = getattr(row, name, _MISSING)
        if value is _MISSING:
            continue
        if name == 'deleted':
            value = bool(value)
        elif is_time:
            value = utc(value)
        if value is None and nullable or type(value) is expected and (
                not is_time or value.tzinfo is not None):
            setattr(obj, attr, value)
        else:
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
