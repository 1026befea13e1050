"""BlockDeviceMapping: how a server's disks are made (image, blank)."""

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova.objects import base

_COLUMNS = ('instance_uuid', 'source_type', 'destination_type',
            'boot_index', 'device_name', 'device_type', 'disk_bus',
            'guest_format', 'image_id', 'volume_size',
            'delete_on_termination')


@base.MinovaObjectRegistry.register
class BlockDeviceMapping(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'source_type': fields.StringField(nullable=True),
        'destination_type': fields.StringField(nullable=True),
        'boot_index': fields.IntegerField(nullable=True),
        'device_name': fields.StringField(nullable=True),
        'device_type': fields.StringField(nullable=True),
        'disk_bus': fields.StringField(nullable=True),
        'guest_format': fields.StringField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'volume_size': fields.IntegerField(nullable=True),
        'delete_on_termination': fields.BooleanField(default=False),
    }

    @staticmethod
    def _from_db_object(context, bdm, row):
        base.from_row(bdm, row)
        bdm._context = context
        return bdm

    @base.remotable
    def create(self):
        values = base.db_values(self, [n for n in _COLUMNS
                                       if self.obj_attr_is_set(n)])
        row = db.row_create('BlockDeviceMapping', values)
        self._from_db_object(self._context, self, row)


@base.MinovaObjectRegistry.register
class BlockDeviceMappingList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('BlockDeviceMapping')}

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        rows = db.rows_get('BlockDeviceMapping', instance_uuid=instance_uuid)
        return base.list_from_rows(cls, BlockDeviceMapping, context, rows)
