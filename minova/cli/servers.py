"""Server commands: boot, list, show, delete, reboot, stop, start,
console-log, instance-action-list."""

import base64

from minova.cli import client as client_lib
from minova.cli import common
from minova.cli import wait

POWER_STATES = {0: 'NOSTATE', 1: 'Running', 3: 'Paused', 4: 'Shutdown',
                6: 'Crashed', 7: 'Suspended'}


def find_server(compute, name_or_id):
    return common.find(
        lambda i: compute.get('/servers/%s' % i)['server'],
        lambda name: compute.get('/servers/detail',
                                 params={'name': name})['servers'],
        name_or_id, 'server')


def find_flavor(compute, name_or_id):
    return common.find(
        lambda i: compute.get('/flavors/%s' % i)['flavor'],
        lambda name: compute.get('/flavors/detail')['flavors'],
        name_or_id, 'flavor')


def find_image(image_api, name_or_id):
    return common.find(
        lambda i: image_api.get('/v2/images/%s' % i),
        lambda name: image_api.get('/v2/images',
                                   params={'name': name})['images'],
        name_or_id, 'image')


def networks_column(server):
    """``private=10.0.0.3, 10.0.0.4; other=...`` as novaclient shows it."""
    return '; '.join(
        '%s=%s' % (label, ', '.join(a['addr'] for a in addrs))
        for label, addrs in sorted((server.get('addresses') or {}).items()))


def server_fields(server):
    """The Property/Value view: flavor and image as ids, one line per
    network, power state by name."""
    shown = dict(server)
    shown.pop('addresses', None)
    for label, addrs in (server.get('addresses') or {}).items():
        shown['%s network' % label] = ', '.join(a['addr'] for a in addrs)
    flavor = server.get('flavor') or {}
    shown['flavor'] = flavor.get('original_name') or flavor.get('id')
    image = server.get('image')
    shown['image'] = image.get('id') if isinstance(image, dict) else image
    if 'OS-EXT-STS:power_state' in shown:
        shown['OS-EXT-STS:power_state'] = POWER_STATES.get(
            server['OS-EXT-STS:power_state'], server['OS-EXT-STS:power_state'])
    return common.fields(shown)


def parse_nic(spec):
    """``--nic net-id=UUID,v4-fixed-ip=IP`` (or ``auto`` / ``none``)."""
    if spec in ('auto', 'none'):
        return spec
    nic = common.key_values(spec.split(','), '--nic')
    unknown = set(nic) - {'net-id', 'v4-fixed-ip'}
    if unknown or 'net-id' not in nic:
        raise client_lib.ClientError(
            "ERROR (CommandError): --nic expects net-id=<uuid>"
            "[,v4-fixed-ip=<ip>], 'auto' or 'none', got '%s'" % spec)
    request = {'uuid': nic['net-id']}
    if 'v4-fixed-ip' in nic:
        request['fixed_ip'] = nic['v4-fixed-ip']
    return request


def requested_networks(nics, compute):
    nics = [parse_nic(spec) for spec in nics or ()]
    if not nics:
        return 'auto' if compute.supports('2.37') else None
    if any(isinstance(n, str) for n in nics):
        if len(nics) > 1:
            raise client_lib.ClientError(
                "ERROR (CommandError): --nic auto/none cannot be combined "
                "with other --nic options")
        return nics[0]
    return nics


class Boot(common.ShowOne):
    """Boot a new server."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--flavor', required=True,
                            help='name or ID of the flavor')
        parser.add_argument('--image', required=True,
                            help='name or ID of the image')
        parser.add_argument('--key-name', help='key pair to inject')
        parser.add_argument('--nic', action='append', metavar='<net-id=..,'
                            'v4-fixed-ip=..|auto|none>',
                            help='a network to attach (repeatable)')
        parser.add_argument('--min-count', type=int, default=None)
        parser.add_argument('--max-count', type=int, default=None)
        parser.add_argument('--user-data', metavar='<file>',
                            help='file passed to the guest as user data')
        parser.add_argument('--availability-zone')
        parser.add_argument('--hint', action='append', default=[],
                            metavar='<key=value>',
                            help='scheduler hint (repeatable)')
        parser.add_argument('--poll', '--wait', dest='poll',
                            action='store_true',
                            help='show progress until ACTIVE or ERROR; '
                            'exit 1 on ERROR')
        return parser

    def run(self, parsed_args):
        # The server is printed even when it failed; the exit code says so.
        self.failed = False
        return super().run(parsed_args) or (1 if self.failed else 0)

    def take_action(self, args):
        body, hints = self._request(args)
        multiple = (args.max_count or args.min_count or 1) > 1
        if multiple:
            body['return_reservation_id'] = True
        request = {'server': body}
        if hints:
            request['os:scheduler_hints'] = hints
        created = self.compute.post('/servers', request)
        if multiple:
            return self._reservation(created['reservation_id'], args.poll)
        server_id = created['server']['id']
        server = self._wait(wait.by_ids(self.compute, [server_id]),
                            args.poll)[server_id]
        if server is None:
            raise client_lib.ClientError(
                'ERROR: server %s was deleted while building' % args.name)
        if 'adminPass' in created['server']:
            server['adminPass'] = created['server']['adminPass']
        return server_fields(server)

    def _wait(self, fetch, poll):
        if not poll:
            return fetch()
        servers, failures = wait.wait(fetch, wait.BUILD, self.app.stderr)
        for _, line in failures:
            self.app.stderr.write(line + '\n')
        self.failed = bool(failures)
        return servers

    def _request(self, args):
        flavor = find_flavor(self.compute, args.flavor)
        image = find_image(self.image, args.image)
        body = {'name': args.name, 'imageRef': image['id'],
                'flavorRef': flavor['id']}
        optional = {'key_name': args.key_name,
                    'availability_zone': args.availability_zone,
                    'min_count': args.min_count, 'max_count': args.max_count,
                    'networks': requested_networks(args.nic, self.compute)}
        body.update({k: v for k, v in optional.items() if v is not None})
        if args.user_data:
            try:
                with open(args.user_data, 'rb') as data:
                    body['user_data'] = base64.b64encode(
                        data.read()).decode()
            except OSError as error:
                raise client_lib.ClientError(
                    "ERROR (CommandError): Can't open '%s': %s"
                    % (args.user_data, error.strerror))
        hints = {}
        for pair in args.hint:
            (key, value), = common.key_values([pair], '--hint').items()
            # A repeated hint becomes a list, as in novaclient.
            if key in hints:
                previous = hints[key]
                hints[key] = (previous if isinstance(previous, list)
                              else [previous]) + [value]
            else:
                hints[key] = value
        return body, hints

    def _reservation(self, reservation_id, poll):
        servers = self._wait(
            wait.by_reservation(self.compute, reservation_id), poll).values()
        return (('reservation_id', 'servers'),
                (reservation_id, '\n'.join(
                    '%s %s %s' % (s['id'], s['name'], s['status'])
                    for s in sorted(servers, key=lambda s: s['name']))))


class List(common.Lister):
    """List servers."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--all-tenants', action='store_true',
                            help='servers of every project (admin)')
        parser.add_argument('--name', help='regular expression on the name')
        parser.add_argument('--status', help='e.g. ACTIVE, ERROR, SHUTOFF')
        return parser

    def take_action(self, args):
        params = {'name': args.name, 'status': args.status,
                  'all_tenants': 1 if args.all_tenants else None}
        servers = self.compute.get('/servers/detail', params={
            k: v for k, v in params.items() if v is not None})['servers']
        columns = {'ID': 'id', 'Name': 'name', 'Status': 'status',
                   'Task State': 'OS-EXT-STS:task_state',
                   'Power State': lambda s: POWER_STATES.get(
                       s.get('OS-EXT-STS:power_state')),
                   'Networks': networks_column}
        if args.all_tenants:
            columns = dict(columns, **{'Tenant ID': 'tenant_id'})
        return common.rows(servers, columns)


class Show(common.ShowOne):
    """Show one server."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>', help='name or ID')
        return parser

    def take_action(self, args):
        return server_fields(find_server(self.compute, args.server))


class _ServerAction(common.Command):
    """One request per named server; with ``--wait``, then waits for all
    of them at once."""

    accepted = 'Request to %s server %s has been accepted.'
    verb = None

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('servers', metavar='<server>', nargs='+',
                            help='name or ID')
        parser.add_argument('--wait', '--poll', dest='wait',
                            action='store_true',
                            help='show progress until every server is '
                            'done; exit 1 if one ends in ERROR')
        return parser

    def act(self, server, args):
        """Send the request for one server."""
        raise NotImplementedError

    def operation(self, args):
        """The ``wait.Operation`` the request starts."""
        raise NotImplementedError

    def take_action(self, args):
        problems, accepted = [], {}
        for name in args.servers:
            try:
                server = find_server(self.compute, name)
                self.act(server, args)
            except client_lib.ClientError as error:
                problems.append((name, str(error)))
                continue
            accepted[server['id']] = name
            self.app.stdout.write(self.accepted % (self.verb, name) + '\n')
        if args.wait and accepted:
            _, failures = wait.wait(
                wait.by_ids(self.compute, list(accepted)),
                self.operation(args), self.app.stderr, names=accepted)
            problems += [(accepted[i], line) for i, line in failures]
        if len(problems) == 1 and len(args.servers) == 1:
            raise client_lib.ClientError(problems[0][1])
        if problems:
            for _, line in problems:
                self.app.stderr.write(line + '\n')
            raise client_lib.ClientError('ERROR: unable to %s: %s' % (
                self.verb, ', '.join(name for name, _ in problems)))


class Delete(_ServerAction):
    """Delete servers."""

    verb = 'delete'

    def act(self, server, args):
        self.compute.delete('/servers/%s' % server['id'])

    def operation(self, args):
        return wait.DELETE


class Reboot(_ServerAction):
    """Reboot servers (soft by default)."""

    verb = 'reboot'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--hard', action='store_true',
                            help='power cycle instead of a guest reboot')
        return parser

    def act(self, server, args):
        self.compute.post('/servers/%s/action' % server['id'], {
            'reboot': {'type': 'HARD' if args.hard else 'SOFT'}})

    def operation(self, args):
        return wait.HARD_REBOOT if args.hard else wait.SOFT_REBOOT


class Stop(_ServerAction):
    """Stop (power off) servers."""

    verb = 'stop'

    def act(self, server, args):
        self.compute.post('/servers/%s/action' % server['id'],
                          {'os-stop': None})

    def operation(self, args):
        return wait.STOP


class Start(_ServerAction):
    """Start (power on) stopped servers."""

    verb = 'start'

    def act(self, server, args):
        self.compute.post('/servers/%s/action' % server['id'],
                          {'os-start': None})

    def operation(self, args):
        return wait.START


class ConsoleLog(common.Command):
    """Print what a server wrote to its console."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>', help='name or ID')
        parser.add_argument('--length', type=int, default=None,
                            help='only the last N lines')
        return parser

    def take_action(self, args):
        server = find_server(self.compute, args.server)
        request = {} if args.length is None else {'length': args.length}
        output = self.compute.post(
            '/servers/%s/action' % server['id'],
            {'os-getConsoleOutput': request})['output']
        self.app.stdout.write(output if output.endswith('\n') or not output
                              else output + '\n')


class InstanceActionList(common.Lister):
    """List what was done to a server (create, reboot, stop, ...)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>', help='name or ID')
        return parser

    def take_action(self, args):
        server = find_server(self.compute, args.server)
        actions = self.compute.get('/servers/%s/os-instance-actions'
                                   % server['id'])['instanceActions']
        return common.rows(actions, {
            'Action': 'action', 'Request_ID': 'request_id',
            'Message': 'message', 'Start_Time': 'start_time'})
