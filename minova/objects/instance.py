"""Instance: one server, its states, its flavor and its placement."""

import typing

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_versionedobjects import fields

from minova.db import deferred as db_deferred
from minova.db.deferred import api as db
from minova import exception
from minova.objects import base
from minova.objects import fields as minova_fields
from minova.objects import flavor as flavor_obj
from minova.objects import instance_action
from minova.objects import instance_fault
from minova.objects import instance_info_cache
from minova.objects import migration as migration_obj

# Columns stored as they are; the JSON ones are converted below.
_PLAIN = ('uuid', 'user_id', 'project_id', 'image_ref', 'kernel_id',
          'ramdisk_id', 'hostname', 'launch_index', 'key_name', 'key_data',
          'power_state', 'vm_state', 'task_state', 'memory_mb', 'vcpus',
          'root_gb', 'ephemeral_gb', 'host', 'node', 'instance_type_id',
          'user_data', 'reservation_id', 'launched_at', 'terminated_at',
          'availability_zone', 'display_name', 'display_description',
          'locked', 'locked_by', 'config_drive', 'access_ip_v4',
          'access_ip_v6', 'progress', 'root_device_name', 'created_at',
          'updated_at', 'deleted_at')
_JSON = {'flavor': 'flavor', 'metadata': 'metadata_',
         'system_metadata': 'system_metadata', 'tags': 'tags'}


class Placement(typing.NamedTuple):
    """Where one live instance is and what it takes there; ``move`` when
    it is the room a move in progress holds on its other host."""
    uuid: str
    host: str
    node: str
    usage: flavor_obj.Usage
    move: bool = False


# Loaded only when asked for: ``expected_attrs=['fault', 'info_cache']``.
OPTIONAL_ATTRS = ('fault', 'info_cache')


_SKIP_FROM_ROW = frozenset(_JSON) | frozenset(OPTIONAL_ATTRS)


def _flavor_from_json(raw, flavors=None):
    """The Flavor of an instance row's flavor column, no change recorded;
    from ``flavors`` (a cache by JSON text) when given."""
    if flavors is None:
        flavors = {}
    known = flavors.get(raw)
    if known is not None:
        return base.copy_loaded(known)
    flavor = flavor_obj.Flavor.obj_from_primitive(jsonutils.loads(raw))
    flavor.obj_reset_changes()
    flavors[raw] = flavor
    return base.copy_loaded(flavor)


@base.MinovaObjectRegistry.register
class Instance(base.MinovaPersistentObject, base.MinovaObject):
    VERSION = '1.0'
    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'instance_type_id': fields.IntegerField(nullable=True),
        'user_data': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.StringField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'access_ip_v4': minova_fields.IPV4AddressTextField(nullable=True),
        'access_ip_v6': minova_fields.IPV6AddressTextField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'root_device_name': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'metadata': fields.DictOfStringsField(default={}),
        'system_metadata': fields.DictOfNullableStringsField(default={}),
        'tags': fields.ListOfStringsField(default=[]),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        'info_cache': fields.ObjectField('InstanceInfoCache',
                                         nullable=True),
    })

    @property
    def name(self):
        """The hypervisor's name for this instance (instance-0000002a)."""
        import minova.conf
        try:
            return minova.conf.CONF.instance_name_template % self.id
        except (TypeError, ValueError):
            return 'instance-%s' % self.uuid

    @staticmethod
    def _from_db_object(context, instance, row, expected_attrs=(),
                        flavors=None):
        """``flavors``: {flavor JSON: Flavor} shared by the rows of one
        list, so each distinct flavor is decoded once and copied."""
        base.from_row(instance, row, skip=_SKIP_FROM_ROW)
        for field, column in _JSON.items():
            raw = getattr(row, column)
            if field == 'flavor':
                if raw:
                    base.store(instance, 'flavor',
                               _flavor_from_json(raw, flavors))
            else:
                instance[field] = jsonutils.loads(raw) if raw else \
                    instance.fields[field].default
        if 'fault' in expected_attrs:
            faults = db.instance_fault_get_by_instance_uuids(
                [row.uuid], latest=True)
            instance.fault = (instance_fault.InstanceFault._from_db_object(
                context, instance_fault.InstanceFault(), faults[0])
                if faults else None)
        if 'info_cache' in expected_attrs:
            instance.info_cache = \
                instance_info_cache.InstanceInfoCache.get_by_instance_uuid(
                    context, row.uuid)
        instance._context = context
        # The sub-objects were built unchanged: a recursive reset would
        # walk every field of every instance of a list again, a third of
        # the list's object cost.
        instance.obj_reset_changes()
        return instance

    def _db_values(self, names):
        values = base.db_values(self, [n for n in names if n in _PLAIN])
        for field, column in _JSON.items():
            if field not in names:
                continue
            value = getattr(self, field)
            if field == 'flavor':
                values[column] = jsonutils.dumps(value.obj_to_primitive())
                values['disk_mb'] = value.usage().disk_mb
            else:
                values[column] = jsonutils.dumps(value)
        return values

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        names = [n for n in list(_PLAIN) + list(_JSON)
                 if self.obj_attr_is_set(n)]
        row = db.instance_create(self._db_values(names))
        self._from_db_object(self._context, self, row)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        row = db.instance_get_by_uuid(uuid, read_deleted=context.read_deleted)
        return cls._from_db_object(context, cls(), row, expected_attrs or ())

    @base.remotable
    def save(self, expected_task_state=None, expected_vm_state=None,
             action_records=None, fault=None):
        """Write the changed fields.

        ``expected_task_state`` (a value or list) makes the write
        conditional: when another service moved the instance on (the user
        deleted it mid-build), UnexpectedTaskState is raised instead.
        ``action_records`` (instance_action.records_write) go into the
        same transaction, written only when the save is: a compute step's
        events and spans without a round trip of their own.
        ``fault`` (a new InstanceFault) is written in the same
        transaction: no reader sees the change without it, and a refused
        write records no fault.
        """
        changes = [n for n in self.obj_what_changed()
                   if n in _PLAIN or n in _JSON]
        expected = {}
        for column, value in (('task_state', expected_task_state),
                              ('vm_state', expected_vm_state)):
            if value is not None:
                expected[column] = value if isinstance(
                    value, (list, tuple, set)) else [value]
        if not changes and not expected and fault is None:
            return
        row = _write(self._context, self.uuid, self._db_values(changes),
                     expected, None if fault is None else fault.db_values(),
                     action_records)
        self.updated_at = base.utc(row.updated_at)
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def refresh(self):
        current = self.get_by_uuid(self._context, self.uuid)
        for name in self.fields:
            if name in OPTIONAL_ATTRS:
                continue
            if current.obj_attr_is_set(name):
                self[name] = current[name]
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def destroy(self, hard=False, cleaned=False):
        """Soft delete (hard for a create undone before anyone saw it).
        ``cleaned``: the guest is known gone from its host; until then
        the instance keeps its addresses (see mark_cleaned)."""
        row = db.instance_destroy(self.uuid, hard=hard, cleaned=cleaned)
        self.deleted = True
        self.deleted_at = base.utc(row.deleted_at) if not hard else \
            timeutils.utcnow(with_timezone=True)
        self.vm_state = 'deleted'
        self.task_state = None
        self.obj_reset_changes()

    @base.remotable
    def mark_cleaned(self):
        """The deleted instance's guest is gone from its host: its
        addresses may go to another server now."""
        db.instance_mark_cleaned(self.uuid)


@base.MinovaObjectRegistry.register
class InstanceList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, sort_keys=None,
                       sort_dirs=None, limit=None, marker=None,
                       expected_attrs=None):
        rows = db.instance_get_all_by_filters(filters, sort_keys, sort_dirs,
                                              limit, marker)
        return cls._make(context, rows, expected_attrs or ())

    @base.remotable_classmethod
    def get_by_host(cls, context, host, node=None):
        rows = db.instance_get_active_by_node(host, node)
        return cls._make(context, rows, ())

    @base.remotable_classmethod
    def get_placements(cls, context, host=None, node=None, with_moves=False):
        """[uuid, host, node, memory_mb, vcpus, disk_mb] of every live
        instance that has a host (optionally on one host/node); with
        ``with_moves``, each with a 7th item, False, followed by the room
        moves in progress hold (MigrationList.get_placements), each with
        True: one call and one transaction for both.

        Plain lists, not objects: the scheduler and the resource tracker
        count usage with it on every request, so it must stay cheap.
        """
        if not with_moves:
            return [list(row) for row in db.instance_placements(host, node)]
        return _placements_with_moves(context, host, node)

    @base.remotable_classmethod
    def get_active_by_window(cls, context, begin, end, project_id=None):
        """Instances, deleted ones too, that lived between begin and end
        (os-simple-tenant-usage)."""
        rows = db.instance_get_active_by_window(begin, end, project_id)
        return cls._make(context, rows, ())

    @classmethod
    def placements(cls, context, host=None, node=None):
        """get_placements as Placement values (their usage a Usage), and
        the room moves in progress hold (objects/migration.py)."""
        return [Placement(uuid, host_, node_, flavor_obj.Usage(*usage),
                          move=move)
                for uuid, host_, node_, *usage, move in
                cls.get_placements(context, host, node, with_moves=True)]

    @classmethod
    def _make(cls, context, rows, expected_attrs):
        objs = base.list_from_rows(cls, Instance, context, rows, flavors={})
        if 'fault' in expected_attrs and objs.objects:
            faults = {f.instance_uuid: f for f in
                      db.instance_fault_get_by_instance_uuids(
                          [i.uuid for i in objs], latest=True)}
            for inst in objs:
                row = faults.get(inst.uuid)
                inst.fault = (instance_fault.InstanceFault._from_db_object(
                    context, instance_fault.InstanceFault(), row)
                    if row else None)
                inst.obj_reset_changes(['fault'])
        if 'info_cache' in expected_attrs and objs.objects:
            cache_cls = instance_info_cache.InstanceInfoCache
            caches = {c.instance_uuid: c for c in
                      db.instance_info_caches_get([i.uuid for i in objs])}
            for inst in objs:
                row = caches.get(inst.uuid)
                inst.info_cache = (
                    cache_cls._from_db_object(context, cache_cls(), row)
                    if row else cache_cls.empty(context, inst.uuid))
                inst.obj_reset_changes(['info_cache'])
        return objs


@db_deferred.retried_transaction
def _write(context, uuid, values, expected, fault, action_records):
    """Instance.save's one transaction: the conditional update, its fault
    and its action records."""
    row = db.instance_update(uuid, values, expected=expected, fault=fault)
    if action_records:
        instance_action.records_write(context, uuid, action_records)
    return row


@db_deferred.retried_transaction
def _placements_with_moves(context, host, node):
    return ([list(row) + [False]
             for row in db.instance_placements(host, node)] +
            [list(row) + [True] for row in
             migration_obj.MigrationList.get_placements(context, host, node)])
