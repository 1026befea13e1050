"""KeyPair: a user's public key, injected into the servers they boot."""

from oslo_versionedobjects import fields

from minova.db.deferred import api as db
from minova import exception
from minova.objects import base


@base.MinovaObjectRegistry.register
class KeyPair(base.MinovaObject):
    VERSION = '1.0'
    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(default='ssh'),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, keypair, row):
        base.from_row(keypair, row)
        keypair._context = context
        return keypair

    @base.remotable_classmethod
    def get_by_name(cls, context, user_id, name):
        row = db.row_get('KeyPair', exception.KeypairNotFound(
            name=name, user_id=user_id), user_id=user_id, name=name)
        return cls._from_db_object(context, cls(), row)

    @base.remotable
    def create(self):
        values = base.db_values(self, ['name', 'user_id', 'fingerprint',
                                       'public_key', 'type'])
        row = db.row_create('KeyPair', values,
                            exception.KeyPairExists(key_name=self.name))
        self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.row_delete('KeyPair', self.id)


@base.MinovaObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.MinovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @base.remotable_classmethod
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        rows = db.rows_get('KeyPair', order_by=('name',), user_id=user_id)
        if marker is not None:
            names = [r.name for r in rows]
            if marker not in names:
                raise exception.MarkerNotFound(marker=marker)
            rows = rows[names.index(marker) + 1:]
        if limit is not None:
            rows = rows[:limit]
        return base.list_from_rows(cls, KeyPair, context, rows)

    @base.remotable_classmethod
    def get_count_by_user(cls, context, user_id):
        return db.rows_count('KeyPair', user_id=user_id)
