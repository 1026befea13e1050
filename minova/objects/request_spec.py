"""RequestSpec: what the scheduler needs to place one boot request."""

from oslo_versionedobjects import fields

from minova.objects import base


@base.MinovaObjectRegistry.register
class SchedulerRetries(base.MinovaObject):
    """Hosts already tried for a build, so a reschedule avoids them."""
    VERSION = '1.0'
    fields = {
        'num_attempts': fields.IntegerField(default=0),
        'hosts': fields.ListOfListsOfStringsField(default=[]),
    }


@base.MinovaObjectRegistry.register
class RequestSpec(base.MinovaObject):
    """Version history: 1.0 initial; 1.1 ignore_hosts (hosts a move must
    leave) and requested_host (a move's named destination, filters
    still run), as Nova's ignore_hosts and requested_destination."""
    VERSION = '1.1'
    fields = {
        'instance_uuid': fields.UUIDField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'image_id': fields.StringField(nullable=True),
        # The image's properties (hw_*, os_*, architecture, ...).
        'image_properties': fields.DictOfNullableStringsField(default={}),
        'num_instances': fields.IntegerField(default=1),
        'availability_zone': fields.StringField(nullable=True),
        'scheduler_hints': fields.DictOfListOfStringsField(default={}),
        'retry': fields.ObjectField('SchedulerRetries', nullable=True),
        'instance_group': fields.ObjectField('InstanceGroup',
                                             nullable=True),
        'force_hosts': fields.ListOfStringsField(default=[]),
        'force_nodes': fields.ListOfStringsField(default=[]),
        'ignore_hosts': fields.ListOfStringsField(default=[]),
        'requested_host': fields.StringField(nullable=True),
    }

    def obj_load_attr(self, attrname):
        field = self.fields[attrname]
        if field.nullable and field.default is fields.UnspecifiedDefault:
            setattr(self, attrname, None)
        else:
            setattr(self, attrname, field.default)

    def get_scheduler_hint(self, name, default=None):
        values = self.scheduler_hints.get(name)
        if not values:
            return default
        return values[0] if len(values) == 1 else values
