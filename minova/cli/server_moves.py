"""Server move commands, novaclient's names: resize, resize-confirm,
resize-revert, migrate, evacuate (the long ones with ``--poll``) and
migration-list."""

from minova.cli import client as client_lib
from minova.cli import common
from minova.cli import servers
from minova.cli import wait

_RESIZE_STEPS = ('resize_prep', 'resize_migrating', 'resize_migrated',
                 'resize_finish')
RESIZE = wait.Operation('resizing', _RESIZE_STEPS, 'VERIFY_RESIZE')
MIGRATE = wait.Operation('migrating', _RESIZE_STEPS, 'VERIFY_RESIZE')
REVERT = wait.Operation('reverting', ('resize_reverting',), 'ACTIVE')
EVACUATE = wait.Operation('evacuating', ('rebuilding', 'rebuild_spawning'),
                          'ACTIVE')


class _MoveCommand(common.Command):
    """One server, one action request; ``--poll`` shows its progress
    until it ends (exit 1 if it ends in ERROR)."""

    operation = None
    pollable = True

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>', help='name or ID')
        if self.pollable:
            parser.add_argument('--poll', '--wait', dest='poll',
                                action='store_true',
                                help='show progress until the move is done')
        return parser

    def body(self, args):
        """The action's request body."""
        raise NotImplementedError

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        result = self.compute.post('/servers/%s/action' % server['id'],
                                   self.body(args))
        if isinstance(result, dict) and result.get('adminPass'):
            self.app.stdout.write('adminPass: %s\n' % result['adminPass'])
        if not (self.pollable and args.poll):
            return
        _, failures = wait.wait(wait.by_ids(self.compute, [server['id']]),
                                self.operation, self.app.stderr,
                                names={server['id']: args.server})
        if failures:
            raise client_lib.ClientError(failures[0][1])


class Resize(_MoveCommand):
    """Resize a server to another flavor (then resize-confirm or
    resize-revert)."""

    operation = RESIZE

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('flavor', metavar='<flavor>', help='name or ID')
        return parser

    def body(self, args):
        flavor = servers.find_flavor(self.compute, args.flavor)
        return {'resize': {'flavorRef': flavor['id']}}


class ResizeConfirm(_MoveCommand):
    """Confirm a resize or migration: the old host lets go."""

    pollable = False

    def body(self, args):
        return {'confirmResize': None}


class ResizeRevert(_MoveCommand):
    """Revert a resize or migration: back to the old host and flavor."""

    operation = REVERT

    def body(self, args):
        return {'revertResize': None}


class Migrate(_MoveCommand):
    """Cold migrate a server to another host (admin)."""

    operation = MIGRATE

    def body(self, args):
        return {'migrate': None}


class Evacuate(_MoveCommand):
    """Rebuild a server whose host is down on another host (admin)."""

    operation = EVACUATE

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('host', metavar='<host>', nargs='?',
                            help='the destination (default: the '
                            'scheduler picks)')
        parser.add_argument('--password', help='admin password of the '
                            'rebuilt server')
        parser.add_argument('--force', action='store_true',
                            help='skip the scheduler\'s checks of <host> '
                            '(2.29)')
        return parser

    def body(self, args):
        request = {}
        if args.host:
            request['host'] = args.host
        if args.password:
            request['adminPass'] = args.password
        if not self.compute.supports('2.14'):
            request['onSharedStorage'] = False
        if args.force and self.compute.supports('2.29'):
            request['force'] = True
        return {'evacuate': request}


class MigrationList(common.Lister):
    """List migrations (admin), novaclient's columns."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        for option in ('host', 'status', 'instance-uuid',
                       'migration-type', 'source-compute'):
            parser.add_argument('--' + option,
                                help='only migrations with this %s'
                                % option.replace('-', ' '))
        return parser

    def take_action(self, args):
        params = {name: getattr(args, name) for name in (
            'host', 'status', 'instance_uuid', 'migration_type',
            'source_compute') if getattr(args, name)}
        migrations = self.compute.get('/os-migrations',
                                      params=params)['migrations']
        columns = {
            'Id': 'id', 'Source Node': 'source_node',
            'Dest Node': 'dest_node', 'Source Compute': 'source_compute',
            'Dest Compute': 'dest_compute', 'Dest Host': 'dest_host',
            'Status': 'status', 'Instance UUID': 'instance_uuid',
            'Old Flavor': 'old_instance_type_id',
            'New Flavor': 'new_instance_type_id',
            'Created At': 'created_at', 'Updated At': 'updated_at'}
        if self.compute.supports('2.23'):
            columns['Type'] = 'migration_type'
        return common.rows(migrations, columns)
