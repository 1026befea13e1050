"""SecurityGroup, SecurityGroupRule, SecurityGroupDefaultRule: the
nova-network security groups, and which servers are in which group."""

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova.db.deferred import security_groups as sg_db
from minova import exception
from minova.objects import base

_RULE_COLUMNS = ('protocol', 'from_port', 'to_port', 'cidr')


@base.MinovaObjectRegistry.register
class SecurityGroup(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'description': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(),
    }

    @staticmethod
    def _from_db_object(context, group, row):
        base.from_row(group, row)
        group._context = context
        return group

    @base.remotable_classmethod
    def get(cls, context, group_id):
        row = db.row_get('SecurityGroup', exception.SecurityGroupNotFound(
            security_group_id=group_id), id=group_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_name(cls, context, project_id, name):
        row = db.row_get('SecurityGroup', exception.SecurityGroupNotFound(
            security_group_id=name), project_id=project_id, name=name)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def ensure_default(cls, context, project_id, user_id):
        row = sg_db.ensure_default(project_id, user_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        values = base.db_values(self, ['name', 'description', 'user_id',
                                       'project_id'])
        row = db.row_create('SecurityGroup', values,
                            exception.SecurityGroupExists(
                                security_group_name=self.name,
                                project_id=self.project_id))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        if changes:
            db.row_update('SecurityGroup', self.id, changes,
                          exception.SecurityGroupExists(
                              security_group_name=self.name,
                              project_id=self.project_id))
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        """SecurityGroupInUse while a live server is in it."""
        sg_db.destroy(self.id)

    @base.remotable
    def add_instance(self, instance_uuid):
        sg_db.add_instance(self.id, instance_uuid)

    @base.remotable
    def remove_instance(self, instance_uuid):
        sg_db.remove_instance(self.id, instance_uuid)



@base.MinovaObjectRegistry.register
class SecurityGroupList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('SecurityGroup')}

    @base.remotable_classmethod
    def get_all(cls, context, project_id=None):
        """A project's groups (every project's with ``project_id`` None)."""
        equal = {} if project_id is None else {'project_id': project_id}
        rows = db.rows_get('SecurityGroup', order_by=('project_id', 'name'),
                           **equal)
        return base.list_from_rows(cls, SecurityGroup, context, rows)

    @base.remotable_classmethod
    def get_by_ids(cls, context, group_ids):
        rows = db.rows_get('SecurityGroup', id=list(group_ids))
        return base.list_from_rows(cls, SecurityGroup, context, rows)

    @base.remotable_classmethod
    def get_by_instance(cls, context, instance_uuid):
        rows = sg_db.groups_of_instances([instance_uuid])[instance_uuid]
        return base.list_from_rows(cls, SecurityGroup, context, rows)

    @staticmethod
    def names_by_instance(instance_uuids):
        """{instance uuid: [group names]} in one query (for the views)."""
        return sg_db.group_names_of_instances(instance_uuids)

    @staticmethod
    def count_by_project(project_id):
        return sg_db.count_by_project(project_id)

    @base.remotable_classmethod
    def member_uuids(cls, context, group_ids):
        """Uuids of the live servers in any of ``group_ids``."""
        return sg_db.instances_of_groups(group_ids)

    @staticmethod
    def naming_source(group_ids):
        """Ids of the groups with a rule whose source is one of
        ``group_ids``."""
        return sg_db.groups_naming_source(group_ids)


@base.MinovaObjectRegistry.register
class SecurityGroupRule(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'parent_group_id': fields.IntegerField(),
        'protocol': fields.StringField(nullable=True),
        'from_port': fields.IntegerField(nullable=True),
        'to_port': fields.IntegerField(nullable=True),
        'cidr': fields.StringField(nullable=True),
        'group_id': fields.IntegerField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, rule, row):
        base.from_row(rule, row)
        rule._context = context
        return rule

    @base.remotable_classmethod
    def get(cls, context, rule_id):
        row = db.row_get('SecurityGroupRule',
                         exception.SecurityGroupRuleNotFound(rule_id=rule_id),
                         id=rule_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        values = base.db_values(self, [n for n in ('parent_group_id',
                                                   'group_id') +
                                       _RULE_COLUMNS
                                       if self.obj_attr_is_set(n)])
        row = db.row_create('SecurityGroupRule', values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.row_delete('SecurityGroupRule', self.id)

    def same_as(self, other):
        return all(getattr(self, n, None) == getattr(other, n, None)
                   for n in _RULE_COLUMNS + ('group_id',))


@base.MinovaObjectRegistry.register
class SecurityGroupRuleList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('SecurityGroupRule')}

    @base.remotable_classmethod
    def get_by_groups(cls, context, group_ids):
        rows = db.rows_get('SecurityGroupRule',
                           parent_group_id=list(group_ids))
        return base.list_from_rows(cls, SecurityGroupRule, context, rows)

    @staticmethod
    def count_by_group(group_id):
        return sg_db.count_rules(group_id)

    @base.remotable_classmethod
    def inbound_for_instance(cls, context, instance_uuid):
        """What a compute host filters on: [{'protocol', 'from_port',
        'to_port', 'cidr'}], group sources resolved to member IPs."""
        return sg_db.inbound_rules_of_instance(instance_uuid)


@base.MinovaObjectRegistry.register
class SecurityGroupDefaultRule(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'protocol': fields.StringField(nullable=True),
        'from_port': fields.IntegerField(nullable=True),
        'to_port': fields.IntegerField(nullable=True),
        'cidr': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, rule, row):
        base.from_row(rule, row)
        rule._context = context
        return rule

    @base.remotable_classmethod
    def get(cls, context, rule_id):
        row = db.row_get('SecurityGroupDefaultRule',
                         exception.SecurityGroupDefaultRuleNotFound(
                             rule_id=rule_id), id=rule_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_all(cls, context):
        rows = db.rows_get('SecurityGroupDefaultRule')
        return [cls._from_db_object(context, cls(), row) for row in rows]

    @base.remotable
    def create(self):
        values = base.db_values(self, list(_RULE_COLUMNS))
        row = db.row_create('SecurityGroupDefaultRule', values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.row_delete('SecurityGroupDefaultRule', self.id)

    def same_as(self, other):
        return all(getattr(self, n, None) == getattr(other, n, None)
                   for n in _RULE_COLUMNS)
