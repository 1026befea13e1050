"""FloatingIP: an address of a pool that a project holds and may point at
one of its servers' fixed IPs (nova-network's floating IPs)."""

from oslo_versionedobjects import fields

from minova.db.deferred import floating_ips as fip_db
from minova import exception
from minova.objects import base


@base.MinovaObjectRegistry.register
class FloatingIP(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'address': fields.StringField(),
        'pool': fields.StringField(),
        'project_id': fields.StringField(nullable=True),
        'fixed_ip_id': fields.IntegerField(nullable=True),
        'auto_assigned': fields.BooleanField(default=False),
        # Of the fixed IP it points at (read only).
        'fixed_address': fields.StringField(nullable=True),
        'instance_uuid': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, fip, row):
        row, fixed_address, instance_uuid = row
        base.from_row(fip, row)
        fip.fixed_address = fixed_address if row.fixed_ip_id else None
        fip.instance_uuid = instance_uuid if row.fixed_ip_id else None
        fip.obj_reset_changes()
        fip._context = context
        return fip

    @classmethod
    def _one(cls, context, exc, **equal):
        rows = fip_db.get(**equal)
        if not rows:
            raise exc
        return cls._from_db_object(context, cls(), rows[0])

    @base.remotable_classmethod
    def get_by_id(cls, context, fip_id):
        return cls._one(context, exception.FloatingIpNotFound(id=fip_id),
                        id=fip_id)

    @base.remotable_classmethod
    def get_by_address(cls, context, address):
        return cls._one(context, exception.FloatingIpNotFoundForAddress(
            address=address), address=address)

    @base.remotable_classmethod
    def allocate(cls, context, project_id, pool):
        return cls.get_by_id(context, fip_db.allocate(project_id, pool))

    @base.remotable
    def release(self):
        fip_db.release(self.id)

    @base.remotable
    def associate(self, fixed_ip_id):
        """False if it points at another fixed IP meanwhile."""
        return fip_db.associate(self.id, fixed_ip_id)

    @base.remotable
    def disassociate(self):
        fip_db.disassociate(self.id)


@base.MinovaObjectRegistry.register
class FloatingIPList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('FloatingIP')}

    @classmethod
    def _from(cls, context, rows):
        return base.list_from_rows(cls, FloatingIP, context, rows)

    @base.remotable_classmethod
    def get_by_project(cls, context, project_id):
        return cls._from(context, fip_db.get(project_id=project_id))

    @base.remotable_classmethod
    def get_by_pool(cls, context, pool):
        return cls._from(context, fip_db.get(pool=pool))

    @base.remotable_classmethod
    def get_all(cls, context):
        return cls._from(context, fip_db.get())

    @base.remotable_classmethod
    def get_by_instance(cls, context, instance_uuid):
        return cls._from(context, fip_db.get_by_instance(instance_uuid))

    @base.remotable_classmethod
    def get_associated(cls, context):
        return cls._from(context, fip_db.get_associated())

    @base.remotable_classmethod
    def create_pool(cls, context, pool, addresses):
        fip_db.create_many(pool, addresses)

    @base.remotable_classmethod
    def delete_pool(cls, context, pool):
        return fip_db.delete_pool(pool)

    @staticmethod
    def pools():
        return fip_db.pools()

    @staticmethod
    def count_by_project(project_id):
        return fip_db.count_by_project(project_id)
