"""ComputeNode: a hypervisor's capacity and usage, reported by compute."""

from oslo_serialization import jsonutils
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base

_COLUMNS = ('uuid', 'host', 'hypervisor_hostname', 'hypervisor_type',
            'hypervisor_version', 'vcpus', 'memory_mb', 'local_gb',
            'vcpus_used', 'memory_mb_used', 'local_gb_used', 'free_ram_mb',
            'free_disk_gb', 'disk_available_least', 'current_workload',
            'running_vms', 'cpu_info', 'host_ip', 'cpu_allocation_ratio',
            'ram_allocation_ratio', 'disk_allocation_ratio',
            'reserved_host_memory_mb', 'reserved_host_disk_mb',
            'reserved_host_cpus', 'availability_zone')


@base.MinovaObjectRegistry.register
class ComputeNode(base.MinovaPersistentObject, base.MinovaObject):
    VERSION = '1.0'
    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(nullable=True),
        'hypervisor_version': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(default=0),
        'memory_mb_used': fields.IntegerField(default=0),
        'local_gb_used': fields.IntegerField(default=0),
        'free_ram_mb': fields.IntegerField(nullable=True),
        'free_disk_gb': fields.IntegerField(nullable=True),
        'disk_available_least': fields.IntegerField(nullable=True),
        'current_workload': fields.IntegerField(nullable=True),
        'running_vms': fields.IntegerField(nullable=True),
        'cpu_info': fields.StringField(nullable=True),
        'host_ip': fields.StringField(nullable=True),
        'cpu_allocation_ratio': fields.FloatField(nullable=True),
        'ram_allocation_ratio': fields.FloatField(nullable=True),
        'disk_allocation_ratio': fields.FloatField(nullable=True),
        'reserved_host_memory_mb': fields.IntegerField(default=0),
        'reserved_host_disk_mb': fields.IntegerField(default=0),
        'reserved_host_cpus': fields.IntegerField(default=0),
        'availability_zone': fields.StringField(nullable=True),
        # [[architecture, hypervisor_type, vm_mode], ...]
        'supported_instances': fields.ListOfListsOfStringsField(default=[]),
    })

    @staticmethod
    def _from_db_object(context, node, row):
        base.from_row(node, row, skip=('supported_instances',))
        node.supported_instances = jsonutils.loads(
            row.supported_instances or '[]')
        node._context = context
        node.obj_reset_changes()
        return node

    def _db_values(self, names):
        values = base.db_values(self, [n for n in names if n in _COLUMNS])
        if 'supported_instances' in names:
            values['supported_instances'] = jsonutils.dumps(
                self.supported_instances)
        return values

    @base.remotable_classmethod
    def get_by_id(cls, context, node_id):
        row = db.row_get('ComputeNode', exception.ComputeNodeNotFound(
            node_id=node_id), id=node_id)
        return cls._from_db_object(context, cls(), row)

    @base.remotable_classmethod
    def get_by_host_and_nodename(cls, context, host, nodename):
        row = db.row_get('ComputeNode', exception.ComputeHostNotFound(
            host=host), host=host, hypervisor_hostname=nodename)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        values = self._db_values([n for n in self.fields
                                  if self.obj_attr_is_set(n)])
        values.setdefault('uuid', uuidutils.generate_uuid())
        row = db.row_create('ComputeNode', values)
        self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        changes = self._db_values(self.obj_what_changed())
        if changes:
            row = db.row_update('ComputeNode', self.id, changes)
            self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        """Soft delete (os-services delete of the host's service)."""
        db.row_delete('ComputeNode', self.id, soft=True)


@base.MinovaObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @base.remotable_classmethod
    def get_all(cls, context):
        return base.list_from_rows(cls, ComputeNode, context,
                                   db.rows_get('ComputeNode'))

    @base.remotable_classmethod
    def get_by_host(cls, context, host):
        return base.list_from_rows(cls, ComputeNode, context,
                                   db.rows_get('ComputeNode', host=host))
