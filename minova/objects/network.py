"""Network: a flat IPv4 network on one bridge, as nova-network had them."""

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base

_COLUMNS = ('uuid', 'label', 'cidr', 'netmask', 'gateway', 'broadcast',
            'dhcp_server', 'dns1', 'dns2', 'bridge')


@base.MinovaObjectRegistry.register
class Network(base.MinovaPersistentObject, base.MinovaObject):
    VERSION = '1.0'
    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'label': fields.StringField(nullable=True),
        'cidr': fields.StringField(),
        'netmask': fields.StringField(nullable=True),
        'gateway': fields.StringField(nullable=True),
        'broadcast': fields.StringField(nullable=True),
        'dhcp_server': fields.StringField(nullable=True),
        'dns1': fields.StringField(nullable=True),
        'dns2': fields.StringField(nullable=True),
        'bridge': fields.StringField(),
    })

    @staticmethod
    def _from_db_object(context, network, row):
        base.from_row(network, row)
        network._context = context
        return network

    @base.remotable
    def create(self, reserved_addresses=()):
        """Write the network and take its ``reserved_addresses``."""
        values = base.db_values(self, [n for n in _COLUMNS
                                       if self.obj_attr_is_set(n)])
        row = db.network_create(values, list(reserved_addresses))
        self._from_db_object(self._context, self, row)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        row = db.row_get('Network', exception.NetworkNotFound(
            network_id=uuid), uuid=uuid)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_id(cls, context, network_id):
        row = db.row_get('Network', exception.NetworkNotFound(
            network_id=network_id), id=network_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def destroy(self):
        """Soft delete; NetworkInUse while an address is allocated."""
        row = db.network_destroy(self.uuid)
        self.deleted = True
        self.deleted_at = base.utc(row.deleted_at)
        self.obj_reset_changes()


@base.MinovaObjectRegistry.register
class NetworkList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Network')}

    @base.remotable_classmethod
    def get_all(cls, context):
        """Live networks, oldest first."""
        return base.list_from_rows(cls, Network, context,
                                   db.rows_get('Network'))
