"""Commands that make images of servers or replace their guest:
image-create (a server snapshot; with --file, an upload), backup,
rebuild, rescue, unrescue, shelve, shelve-offload, unshelve. Each waits
with --poll, as novaclient's do."""

from minova.cli import common
from minova.cli import images
from minova.cli import servers
from minova.cli import wait


def _action(command, server, body):
    return command.compute.post('/servers/%s/action' % server['id'], body)


def _wait_for(command, server, operation):
    """Wait for one server; a failure ends the command with exit 1."""
    _, failures = wait.wait(wait.by_ids(command.compute, [server['id']]),
                            operation, command.app.stderr,
                            names={server['id']: server['name']})
    for _, line in failures:
        command.app.stderr.write(line + '\n')
    return 1 if failures else 0


class ImageCreate(images.ImageCreate):
    """Create an image of a server (image-create <server> <name>), or
    upload one from a file (image-create <name> --file <path>)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        for action in parser._actions:
            if action.dest == 'file':
                action.required = False    # without it: a server snapshot
            if action.dest == 'name':
                action.metavar = '<server>|<name>'
        parser.add_argument('snapshot_name', metavar='<name>', nargs='?',
                            help='name of the snapshot of <server>')
        parser.add_argument('--metadata', action='append', default=[],
                            metavar='<key=value>',
                            help='snapshot image property (repeatable)')
        parser.add_argument('--poll', action='store_true',
                            help='wait until the snapshot is uploaded')
        return parser

    def run(self, parsed_args):
        self.failed = 0
        return super().run(parsed_args) or self.failed

    def take_action(self, args):
        if args.file or not args.snapshot_name:
            return super().take_action(args)
        server = servers.find_server(self.compute, args.name)
        body = {'name': args.snapshot_name}
        if args.metadata:
            body['metadata'] = common.key_values(args.metadata,
                                                 '--metadata')
        location = self.compute.request(
            'POST', '/servers/%s/action' % server['id'],
            body={'createImage': body}).headers.get('Location', '')
        if args.poll:
            self.failed = _wait_for(self, server,
                                    wait.snapshot(server['status']))
        image_id = location.rstrip('/').rsplit('/', 1)[-1]
        return common.fields(self.image.get('/v2/images/%s' % image_id),
                             hidden=images.HIDDEN)


class Backup(common.Command):
    """Back a server up: a snapshot, the oldest backups beyond
    <rotation> of this type deleted."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>')
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('backup_type', metavar='<backup-type>')
        parser.add_argument('rotation', metavar='<rotation>', type=int)
        parser.add_argument('--poll', action='store_true')
        return parser

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        _action(self, server, {'createBackup': {
            'name': args.name, 'backup_type': args.backup_type,
            'rotation': args.rotation}})
        if args.poll:
            return _wait_for(self, server, wait.snapshot(server['status']))
        return 0


class Rebuild(common.ShowOne):
    """Shut down, re-image and start a server; its addresses stay."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>')
        parser.add_argument('image', metavar='<image>', help='name or ID')
        parser.add_argument('--rebuild-password', dest='password',
                            metavar='<password>')
        parser.add_argument('--name', help='a new name for the server')
        parser.add_argument('--meta', action='append', default=[],
                            metavar='<key=value>',
                            help='replace the metadata (repeatable)')
        parser.add_argument('--preserve-ephemeral', action='store_true')
        parser.add_argument('--poll', action='store_true')
        return parser

    def run(self, parsed_args):
        self.failed = 0
        return super().run(parsed_args) or self.failed

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        image = servers.find_image(self.image, args.image)
        body = {'imageRef': image['id']}
        optional = {'adminPass': args.password, 'name': args.name,
                    'preserve_ephemeral': args.preserve_ephemeral or None,
                    'metadata': common.key_values(args.meta, '--meta')
                    if args.meta else None}
        body.update({k: v for k, v in optional.items() if v is not None})
        rebuilt = _action(self, server, {'rebuild': body})['server']
        if args.poll:
            self.failed = _wait_for(self, server,
                                    wait.rebuild(server['status']))
            rebuilt = dict(servers.find_server(self.compute, server['id']),
                           adminPass=rebuilt.get('adminPass'))
        return servers.server_fields(rebuilt)


class Rescue(common.Command):
    """Boot a server from a rescue image, its own disk attached second."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>')
        parser.add_argument('--password', help='of the rescue boot')
        parser.add_argument('--image', help='rescue image (name or ID); '
                            'default: the server\'s own')
        parser.add_argument('--poll', action='store_true')
        return parser

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        body = {}
        if args.password:
            body['adminPass'] = args.password
        if args.image:
            body['rescue_image_ref'] = servers.find_image(
                self.image, args.image)['id']
        result = _action(self, server, {'rescue': body or None})
        self.app.stdout.write('adminPass: %s\n' % result['adminPass'])
        if args.poll:
            return _wait_for(self, server, wait.RESCUE)
        return 0


class _SimpleAction(servers._ServerAction):
    """An action with a null body: unrescue, shelve, ..."""

    action = None
    wait_operation = None

    def act(self, server, args):
        _action(self, server, {self.action: None})

    def operation(self, args):
        return self.wait_operation


class Unrescue(_SimpleAction):
    """Boot rescued servers from their own disks again."""
    verb, action, wait_operation = 'unrescue', 'unrescue', wait.UNRESCUE


class Shelve(_SimpleAction):
    """Snapshot servers and free their hosts."""
    verb, action, wait_operation = 'shelve', 'shelve', wait.SHELVE


class ShelveOffload(_SimpleAction):
    """Free the hosts of shelved servers (admin)."""
    verb, action, wait_operation = ('shelve-offload', 'shelveOffload',
                                    wait.SHELVE_OFFLOAD)


class Unshelve(_SimpleAction):
    """Boot shelved servers again, where the scheduler says."""
    verb, action, wait_operation = 'unshelve', 'unshelve', wait.UNSHELVE
