"""GET /os-migrations (admin): the moves of servers between hosts, with
Nova's filters (``host`` - source or destination -, ``status``,
``instance_uuid``, ``migration_type``, ``source_compute``); and
GET /servers/{server_id}/migrations[/{id}] (2.23): the moves of one
server that are in progress.

Nova lists only live migrations under /servers/{id}/migrations; minova
has no live migration, so it lists the server's cold moves in progress
there (resize, migration, evacuation), with the live-migration memory
and disk counters null.
"""

from minova.api.openstack.compute.views import migrations as view
from minova.api.openstack import wsgi
from minova.compute import api as compute_api
from minova.compute import move_api
from minova import exception

_FILTERS = ('host', 'status', 'instance_uuid', 'migration_type',
            'source_compute')


class MigrationsController:
    def __init__(self):
        self.move_api = move_api.MoveAPI()

    def index(self, req):
        context = req.context
        context.can('os_compute_api:os-migrations:index', {})
        filters = {name: req.GET[name] for name in _FILTERS
                   if req.GET.get(name)}
        # Nova's os-migrations never lists hidden (internal) moves.
        filters['hidden'] = False
        migrations = self.move_api.get_migrations(context, filters)
        return {'migrations': [view.migration(req, m) for m in migrations]}


class ServerMigrationsController:
    def __init__(self):
        self.move_api = move_api.MoveAPI()
        self.compute_api = compute_api.API()

    def _in_progress(self, req, server_id):
        context = req.context
        instance = self.compute_api.get(context, server_id)
        context.can('os_compute_api:servers:migrations:index',
                    {'project_id': instance.project_id})
        return self.move_api.get_migrations_in_progress(context,
                                                        instance.uuid)

    @wsgi.versions('2.23')
    def index(self, req, server_id):
        return {'migrations': [view.server_migration(req, m) for m in
                               self._in_progress(req, server_id)]}

    @wsgi.versions('2.23')
    def show(self, req, server_id, id):
        for migration in self._in_progress(req, server_id):
            if str(migration.id) == str(id):
                return {'migration': view.server_migration(req, migration)}
        raise exception.MigrationNotFoundForInstance(
            migration_id=id, instance_id=server_id)
