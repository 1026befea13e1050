"""``minova server-timeline <server>``: the steps of a server's last action
(or ``--action <request-id>``) across the processes, drawn to scale;
``--json`` prints the spans."""

import json

from minova.cli import client as client_lib
from minova.cli import common
from minova.cli import servers
from minova.timeline import render
from minova.timeline import request


class ServerTimeline(common.Command):
    """Show the steps of a server's last action: process, host, start,
    duration, bars to scale (the events of os-instance-actions; admins
    see them, as in Nova before 2.51)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('server', metavar='<server>', help='name or ID')
        parser.add_argument('--action', metavar='<request-id>',
                            help='the action of this request (default: '
                                 'the newest)')
        parser.add_argument('--json', action='store_true',
                            help='print the spans as JSON')
        return parser

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        action = self._action(server['id'], args.action)
        if 'events' not in action:
            raise client_lib.ClientError(
                'ERROR (Forbidden): the steps of an action are its events, '
                'which policy os_compute_api:os-instance-actions:events '
                'shows to admins only.')
        doc = request.document(self._found, server, action)
        if args.json or getattr(self.app_args, 'json', False):
            self.app.stdout.write(json.dumps(doc, indent=2) + '\n')
            return
        self.app.stdout.write('\n'.join(
            ['server %s (%s)' % (server.get('name'), server['id'])] +
            render.lines(action, doc['spans'])) + '\n')

    def _found(self, path):
        try:
            return self.compute.get(path)
        except client_lib.HTTPError as error:
            if error.status == 404:
                return None
            raise

    def _action(self, server_id, request_id):
        path = '/servers/%s/os-instance-actions' % server_id
        if request_id is None:
            actions = self.compute.get(path)['instanceActions']
            if not actions:
                raise client_lib.ClientError(
                    'ERROR (CommandError): server %s has no actions.'
                    % server_id)
            request_id = actions[0]['request_id']
        return self.compute.get('%s/%s' % (path, request_id))[
            'instanceAction']
