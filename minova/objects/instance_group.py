"""InstanceGroup: a server group with an affinity or anti-affinity policy."""

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base


@base.MinovaObjectRegistry.register
class InstanceGroup(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(nullable=True),
        'members': fields.ListOfStringsField(default=[]),
        # Hosts of the members, filled by get_hosts() for the scheduler.
        'hosts': fields.ListOfStringsField(default=[]),
        'created_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, group, row):
        base.from_row(group, row, skip=('members', 'hosts'))
        group.members = [m.instance_uuid for m in row.members]
        group._context = context
        group.obj_reset_changes()
        return group

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        row = db.row_get('InstanceGroup', exception.InstanceGroupNotFound(
            group_uuid=uuid), uuid=uuid)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        row = db.instance_group_get_by_instance(instance_uuid)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        values = base.db_values(self, ['name', 'user_id', 'project_id',
                                       'policy'])
        values['uuid'] = (self.uuid if self.obj_attr_is_set('uuid')
                          else uuidutils.generate_uuid())
        db.row_create('InstanceGroup', values,
                      exception.InstanceGroupIdExists(
                          group_uuid=values['uuid']))
        # Read it back: the created row's members were never loaded and
        # cannot be once its session is closed.
        row = db.row_get('InstanceGroup', exception.InstanceGroupNotFound(
            group_uuid=values['uuid']), uuid=values['uuid'])
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.row_delete('InstanceGroup', self.id)

    @base.remotable_classmethod
    def add_members(cls, context, group_uuid, instance_uuids):
        row = db.instance_group_add_members(group_uuid, instance_uuids)
        return [m.instance_uuid for m in row.members]

    @base.remotable
    def get_hosts(self, exclude=None):
        """Hosts that live members of the group are on."""
        exclude = set(exclude or ())
        uuids = [u for u in self.members if u not in exclude]
        if not uuids:
            return []
        rows = db.instance_get_all_by_filters({'uuid': uuids})
        return sorted({r.host for r in rows if r.host})


@base.MinovaObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @base.remotable_classmethod
    def get_by_project_id(cls, context, project_id=None):
        equal = {'project_id': project_id} if project_id else {}
        rows = db.rows_get('InstanceGroup', **equal)
        return base.list_from_rows(cls, InstanceGroup, context, rows)
