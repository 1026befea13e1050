"""Migration: one move of an instance between hosts (resize, cold
migration, evacuation) and where it stands (``status``).

The statuses, as in Nova: a resize or cold migration goes pre-migrating
(conductor, scheduled) -> migrating (source powers off) ->
post-migrating (disk ready on the source) -> finished (running on the
destination, VERIFY_RESIZE) -> confirming -> confirmed, or reverting ->
reverted; error when it failed. An evacuation goes accepted ->
pre-migrating (destination claimed) -> done -> completed (the source
cleaned up when it came back); error when it failed.

While a move is in progress its rows hold room on a host: see
db/migrations_api.py (HOLDS_DESTINATION, HOLDS_SOURCE).
"""

from oslo_serialization import jsonutils
from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova.db.deferred import migrations_api
from minova import exception
from minova.objects import base
from minova.objects import flavor as flavor_obj

RESIZE = 'resize'
MIGRATION = 'migration'
EVACUATION = 'evacuation'

_PLAIN = ('source_compute', 'dest_compute', 'source_node', 'dest_node',
          'dest_host', 'status', 'instance_uuid', 'old_instance_type_id',
          'new_instance_type_id', 'migration_type', 'hidden')
_FLAVORS = ('old_flavor', 'new_flavor')


def _flavor_columns(which, flavor):
    """The flavor document and its usage columns."""
    if flavor is None:
        return {which + '_flavor': None}
    usage = flavor.usage()
    prefix = which + '_'
    return {prefix + 'flavor': jsonutils.dumps(flavor.obj_to_primitive()),
            prefix + 'memory_mb': usage.memory_mb,
            prefix + 'vcpus': usage.vcpus, prefix + 'disk_mb': usage.disk_mb}


@base.MinovaObjectRegistry.register
class Migration(base.MinovaPersistentObject, base.MinovaObject):
    VERSION = '1.0'
    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'source_compute': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'instance_uuid': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'migration_type': fields.StringField(nullable=True),
        'hidden': fields.BooleanField(default=False),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
    })

    @staticmethod
    def _from_db_object(context, migration, row):
        base.from_row(migration, row, skip=_FLAVORS + ('hidden',))
        migration.id = row.id
        migration.hidden = bool(row.hidden)
        for name in _FLAVORS:
            raw = getattr(row, name)
            migration[name] = (flavor_obj.Flavor.obj_from_primitive(
                jsonutils.loads(raw)) if raw else None)
        migration._context = context
        migration.obj_reset_changes(recursive=True)
        return migration

    def _db_values(self, names):
        values = base.db_values(self, [n for n in names if n in _PLAIN])
        for name in _FLAVORS:
            if name in names:
                values.update(_flavor_columns(name[:3], self[name]))
        return values

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        names = [n for n in _PLAIN + _FLAVORS if self.obj_attr_is_set(n)]
        row = db.row_create('Migration', self._db_values(names))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        names = [n for n in self.obj_what_changed()
                 if n in _PLAIN or n in _FLAVORS]
        if names:
            row = db.row_update('Migration', self.id, self._db_values(names))
            self.updated_at = base.utc(row.updated_at)
        self.obj_reset_changes(recursive=True)

    @base.remotable_classmethod
    def get_by_id(cls, context, migration_id):
        row = db.row_get('Migration', exception.MigrationNotFound(
            migration_id=migration_id), id=migration_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_instance_and_status(cls, context, instance_uuid, status):
        rows = migrations_api.migrations_get(
            {'instance_uuid': instance_uuid, 'status': status}, limit=1)
        if not rows:
            raise exception.MigrationNotFoundByStatus(
                instance_id=instance_uuid, status=status)
        return cls._from_db_object(context, cls(), rows[0])

    def set_status(self, status):
        self.status = status
        self.save()


@base.MinovaObjectRegistry.register
class MigrationList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Migration')}

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, limit=None):
        return base.list_from_rows(
            cls, Migration, context,
            migrations_api.migrations_get(filters, limit))

    @base.remotable_classmethod
    def get_placements(cls, context, host=None, node=None):
        """[uuid, host, node, memory_mb, vcpus, disk_mb] of the room held
        by moves in progress (see db/migrations_api.py)."""
        return [list(row) for row in
                migrations_api.migration_placements(host, node)]
