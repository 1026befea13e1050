"""The request context: who asks, for which project, under which request id.

It travels with every RPC message (``minova.rpc.RequestContextSerializer``),
so the request id of an API call shows in the logs of every service it
reaches.
"""

from oslo_context import context
from oslo_utils import timeutils



class RequestContext(context.RequestContext):

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 read_deleted='no', remote_address=None, timestamp=None,
                 **kwargs):
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        super().__init__(is_admin=bool(is_admin), **kwargs)
        self.read_deleted = read_deleted
        self.remote_address = remote_address
        self.timestamp = timestamp or timeutils.utcnow()

    def to_dict(self):
        values = super().to_dict()
        values.update(user_id=self.user_id, project_id=self.project_id,
                      read_deleted=self.read_deleted,
                      remote_address=self.remote_address,
                      timestamp=self.timestamp.isoformat())
        return values

    @classmethod
    def from_dict(cls, values):
        values = dict(values)
        timestamp = values.pop('timestamp', None)
        if timestamp:
            timestamp = timeutils.parse_isotime(timestamp).replace(
                tzinfo=None)
        return super().from_dict(
            values, user_id=values.get('user_id'),
            project_id=values.get('project_id'),
            read_deleted=values.get('read_deleted', 'no'),
            remote_address=values.get('remote_address'),
            timestamp=timestamp)

    def elevated(self, read_deleted=None):
        """A copy of this context with admin rights (same request id)."""
        ctx = self.from_dict(self.to_dict())
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles = list(ctx.roles) + ['admin']
        if read_deleted is not None:
            ctx.read_deleted = read_deleted
        return ctx

    def can(self, action, target=None, fatal=True):
        """Check policy ``action``; raise PolicyNotAuthorized if denied."""
        from minova import policy
        if target is None:
            target = {'project_id': self.project_id,
                      'user_id': self.user_id}
        return policy.authorize(self, action, target, fatal=fatal)


def get_admin_context(read_deleted='no'):
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          roles=['admin'], read_deleted=read_deleted,
                          overwrite=False)
