"""VirtualInterface: a server's NIC on one network, with a MAC address
unique across the cloud."""

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base

_COLUMNS = ('uuid', 'address', 'network_id', 'instance_uuid')


@base.MinovaObjectRegistry.register
class VirtualInterface(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'address': fields.StringField(),
        'network_id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, vif, row):
        base.from_row(vif, row)
        vif._context = context
        return vif

    @base.remotable
    def create(self):
        """VirtualInterfaceExists when the MAC is taken."""
        values = base.db_values(self, [n for n in _COLUMNS
                                       if self.obj_attr_is_set(n)])
        row = db.virtual_interface_create(values)
        self._from_db_object(self._context, self, row)

    @classmethod
    def get_by_uuid(cls, context, vif_uuid):
        """The interface whose uuid the Network API shows as a port id
        (PortNotFound: none)."""
        row = db.row_get('VirtualInterface', exception.PortNotFound(
            port_id=vif_uuid), uuid=vif_uuid)
        return cls._from_db_object(context, cls(), row)


@base.MinovaObjectRegistry.register
class VirtualInterfaceList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('VirtualInterface')}

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The instance's interfaces in the order they were made."""
        return base.list_from_rows(cls, VirtualInterface, context,
                                   db.rows_get('VirtualInterface',
                                               instance_uuid=instance_uuid))

    @base.remotable_classmethod
    def get_by_network(cls, context, network_id):
        return base.list_from_rows(cls, VirtualInterface, context,
                                   db.rows_get('VirtualInterface',
                                               network_id=network_id))

    @base.remotable_classmethod
    def delete_by_instance_uuid(cls, context, instance_uuid):
        """Drop the instance's interfaces and their addresses together;
        returns the ids of the networks that had them."""
        return db.virtual_interfaces_delete_by_instance(instance_uuid)

    @base.remotable_classmethod
    def get_orphaned_instance_uuids(cls, context):
        """Deleted instances that still hold interfaces."""
        return db.instance_uuids_with_orphaned_interfaces()
