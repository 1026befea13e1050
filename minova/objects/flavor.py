"""Flavor: the size of a server (RAM, vCPUs, disks), and ``Usage``, what
one server of a flavor takes from its host: the one answer the scheduler,
the compute claim and the placement query all use."""

import dataclasses

from oslo_serialization import jsonutils
from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base

_COLUMNS = ('flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb',
            'ephemeral_gb', 'swap', 'rxtx_factor', 'vcpu_weight', 'disabled',
            'is_public', 'description')


@dataclasses.dataclass(frozen=True)
class Usage:
    """Resources taken from a host; memory and disk in MB, one unit
    everywhere (compute_nodes alone reports disk in GB, as Nova does)."""
    memory_mb: float = 0
    vcpus: float = 0
    disk_mb: float = 0

    def __add__(self, other):
        return Usage(*(a + b for a, b in zip(self.values(), other.values())))

    def __sub__(self, other):
        return Usage(*(a - b for a, b in zip(self.values(), other.values())))

    def values(self):
        return dataclasses.astuple(self)

    def exceeding(self, free):
        """[(resource, requested, free)] where ``free`` is too small."""
        return [(field.name, getattr(self, field.name),
                 getattr(free, field.name))
                for field in dataclasses.fields(self)
                if getattr(self, field.name) > getattr(free, field.name)]


@base.MinovaObjectRegistry.register
class Flavor(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(nullable=True, default=1.0),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'is_public': fields.BooleanField(default=True),
        'description': fields.StringField(nullable=True),
        'extra_specs': fields.DictOfStringsField(default={}),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    def usage(self):
        """What one instance of this flavor takes from its host. Disk is
        root + ephemeral + swap, counted exactly (swap is in MB)."""
        return Usage(memory_mb=self.memory_mb, vcpus=self.vcpus,
                     disk_mb=(self.root_gb + self.ephemeral_gb) * 1024 +
                     self.swap)

    @staticmethod
    def _from_db_object(context, flavor, row):
        base.from_row(flavor, row, skip=('extra_specs',))
        flavor.extra_specs = jsonutils.loads(row.extra_specs or '{}')
        flavor._context = context
        flavor.obj_reset_changes()
        return flavor

    @base.remotable_classmethod
    def get_by_flavor_id(cls, context, flavorid):
        row = db.row_get('Flavor', exception.FlavorNotFound(
            flavor_id=flavorid), flavorid=str(flavorid))
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_id(cls, context, flavor_id):
        row = db.row_get('Flavor', exception.FlavorNotFound(
            flavor_id=flavor_id), id=flavor_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_name(cls, context, name):
        row = db.row_get('Flavor', exception.FlavorNotFound(flavor_id=name),
                         name=name)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = base.db_values(self, [c for c in _COLUMNS
                                       if self.obj_attr_is_set(c)])
        values['extra_specs'] = jsonutils.dumps(
            self.extra_specs if self.obj_attr_is_set('extra_specs') else {})
        if db.rows_get('Flavor', flavorid=values['flavorid']):
            raise exception.FlavorIdExists(flavor_id=values['flavorid'])
        row = db.row_create('Flavor', values, exception.FlavorExists(
            name=values['name']))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save_extra_specs(self):
        db.row_update('Flavor', self.id,
                      {'extra_specs': jsonutils.dumps(self.extra_specs)})
        self.obj_reset_changes(['extra_specs'])

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        changes.pop('extra_specs', None)
        if changes:
            db.row_update('Flavor', self.id, changes)
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        for row in db.rows_get('FlavorProject', flavor_id=self.id):
            db.row_delete('FlavorProject', row.id)
        db.row_delete('Flavor', self.id)

    # os-flavor-access: the projects that may use a non-public flavor.

    @base.remotable
    def get_projects(self):
        return [row.project_id for row in
                db.rows_get('FlavorProject', flavor_id=self.id)]

    @base.remotable
    def add_access(self, project_id):
        if self.is_public:
            raise exception.FlavorAccessPublic()
        db.row_create('FlavorProject', {'flavor_id': self.id,
                                        'project_id': project_id},
                      exception.FlavorAccessExists(
                          flavor_id=self.flavorid, project_id=project_id))

    @base.remotable
    def remove_access(self, project_id):
        rows = db.rows_get('FlavorProject', flavor_id=self.id,
                           project_id=project_id)
        if not rows:
            raise exception.FlavorAccessNotFound(flavor_id=self.flavorid,
                                                 project_id=project_id)
        db.row_delete('FlavorProject', rows[0].id)

    def visible_to(self, context):
        """Whether ``context`` may see and use this flavor: public ones,
        and private ones for admins and the projects given access."""
        return (self.is_public or context.is_admin or
                context.project_id in self.get_projects())


@base.MinovaObjectRegistry.register
class FlavorList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @base.remotable_classmethod
    def get_all(cls, context, is_public=None, min_memory_mb=None,
                min_disk=None, limit=None, marker=None, sort_key='flavorid',
                sort_dir='asc'):
        rows = _by_access(context, db.rows_get('Flavor', order_by=('id',)),
                          is_public)
        if min_memory_mb is not None:
            rows = [r for r in rows if r.memory_mb >= min_memory_mb]
        if min_disk is not None:
            rows = [r for r in rows if r.root_gb >= min_disk]
        rows = _sorted_flavors(rows, sort_key, sort_dir)
        if marker is not None:
            ids = [r.flavorid for r in rows]
            if marker not in ids:
                raise exception.MarkerNotFound(marker=marker)
            rows = rows[ids.index(marker) + 1:]
        if limit is not None:
            rows = rows[:limit]
        return base.list_from_rows(cls, Flavor, context, rows)


def _by_access(context, rows, is_public):
    """The rows ``is_public`` asks for (None: all). As in Nova, a listing
    of public flavors also shows the private ones a non-admin's project
    was given access to."""
    if is_public is None:
        return rows
    shared = set()
    if is_public and context is not None and not context.is_admin and \
            context.project_id:
        shared = {row.flavor_id for row in db.rows_get(
            'FlavorProject', project_id=context.project_id)}
    return [r for r in rows if bool(r.is_public) == is_public or
            r.id in shared]


def _sorted_flavors(rows, sort_key, sort_dir):
    if sort_key not in _COLUMNS + ('id',):
        raise exception.InvalidSortKey(key=sort_key)

    def key(row):
        value = getattr(row, sort_key)
        # Nova sorts flavor ids as strings; None sorts first.
        return (value is not None, value if value is not None else 0,
                row.id)
    return sorted(rows, key=key, reverse=(sort_dir == 'desc'))
