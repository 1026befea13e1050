"""FixedIP: an address of a network that is taken, reserved or allocated
to an instance's interface. Free addresses have no row."""

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova.objects import base

_COLUMNS = ('network_id', 'address', 'allocated', 'reserved',
            'instance_uuid', 'virtual_interface_id')


@base.MinovaObjectRegistry.register
class FixedIP(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'network_id': fields.IntegerField(),
        'address': fields.StringField(),
        'allocated': fields.BooleanField(default=False),
        'reserved': fields.BooleanField(default=False),
        'instance_uuid': fields.UUIDField(nullable=True),
        'virtual_interface_id': fields.IntegerField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, fixed_ip, row):
        base.from_row(fixed_ip, row)
        fixed_ip._context = context
        return fixed_ip

    @base.remotable
    def create(self):
        """Take the address; FixedIpExists when someone else has it."""
        values = base.db_values(self, [n for n in _COLUMNS
                                       if self.obj_attr_is_set(n)])
        row = db.fixed_ip_create(values)
        self._from_db_object(self._context, self, row)


@base.MinovaObjectRegistry.register
class FixedIPList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('FixedIP')}

    @base.remotable_classmethod
    def get_by_network(cls, context, network_id):
        """Every taken address of the network (reserved and allocated)."""
        return base.list_from_rows(cls, FixedIP, context, db.rows_get(
            'FixedIp', network_id=network_id))

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        return base.list_from_rows(cls, FixedIP, context, db.rows_get(
            'FixedIp', instance_uuid=instance_uuid))
