"""InstanceInfoCache: an instance's network info (see network/model.py),
kept by minova-network so the API shows addresses without asking it."""

from oslo_serialization import jsonutils
from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova.objects import base


class _NetworkInfo(fields.FieldType):
    """A list of VIF dicts; travels and is stored as plain JSON."""

    def coerce(self, obj, attr, value):
        if not isinstance(value, list):
            raise ValueError('network_info must be a list of VIFs')
        return jsonutils.loads(jsonutils.dumps(value))

    def to_primitive(self, obj, attr, value):
        return jsonutils.loads(jsonutils.dumps(value))

    def from_primitive(self, obj, attr, value):
        return value

    def stringify(self, value):
        return jsonutils.dumps(value)


class NetworkInfoField(fields.AutoTypedField):
    AUTO_TYPE = _NetworkInfo()


@base.MinovaObjectRegistry.register
class InstanceInfoCache(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'instance_uuid': fields.UUIDField(),
        'network_info': NetworkInfoField(default=[]),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, cache, row):
        cache.instance_uuid = row.instance_uuid
        network_info = jsonutils.loads(row.network_info or '[]')
        if isinstance(network_info, list):
            # Freshly decoded JSON is what the field's coerce (a JSON
            # round trip) would return: no second copy.
            base.store(cache, 'network_info', network_info)
        else:
            cache.network_info = network_info     # coerce refuses it
        cache.updated_at = base.utc(row.updated_at or row.created_at)
        cache._context = context
        cache.obj_reset_changes()
        return cache

    @classmethod
    def empty(cls, context, instance_uuid):
        cache = cls(context, instance_uuid=instance_uuid, network_info=[],
                    updated_at=None)
        cache.obj_reset_changes()
        return cache

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The cache, empty when nothing was ever allocated."""
        rows = db.instance_info_caches_get([instance_uuid])
        if not rows:
            return cls.empty(context, instance_uuid)
        return cls._from_db_object(context, cls(), rows[0])

    @base.remotable
    def save(self):
        db.instance_info_cache_update(self.instance_uuid,
                                      jsonutils.dumps(self.network_info))
        self.obj_reset_changes()
