"""A server's metadata and tags: meta, server-tag-list, server-tag-add,
server-tag-set, server-tag-delete, server-tag-delete-all."""

from urllib import parse

from minova.cli import common
from minova.cli import servers


def _server_parser(parser):
    parser.add_argument('server', metavar='<server>', help='name or ID')
    return parser


def _url(server, *parts):
    return '/'.join(['/servers/%s' % server['id']] +
                    [parse.quote(p, safe='') for p in parts])


class Meta(common.Command):
    """Set or delete metadata of a server."""

    def get_parser(self, prog_name):
        parser = _server_parser(super().get_parser(prog_name))
        parser.add_argument('action', metavar='<action>',
                            choices=['set', 'delete'])
        parser.add_argument('metadata', metavar='<key=value>', nargs='+',
                            help='pairs to set, or keys to delete')
        return parser

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        if args.action == 'set':
            self.compute.post(_url(server, 'metadata'), {
                'metadata': common.key_values(args.metadata, 'meta set')})
            return
        for item in args.metadata:
            self.compute.delete(_url(server, 'metadata',
                                     item.partition('=')[0]))


class ServerTagList(common.Lister):
    """List the tags of a server."""

    def get_parser(self, prog_name):
        return _server_parser(super().get_parser(prog_name))

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        tags = self.compute.get(_url(server, 'tags'))['tags']
        return ('Tag',), [(tag,) for tag in tags]


class _Tags(common.Command):
    def get_parser(self, prog_name):
        parser = _server_parser(super().get_parser(prog_name))
        parser.add_argument('tags', metavar='<tag>', nargs='+')
        return parser


class ServerTagAdd(_Tags):
    """Add tags to a server."""

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        for tag in args.tags:
            self.compute.put(_url(server, 'tags', tag))


class ServerTagSet(_Tags):
    """Replace all tags of a server."""

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        self.compute.put(_url(server, 'tags'), {'tags': args.tags})


class ServerTagDelete(_Tags):
    """Delete tags of a server."""

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        for tag in args.tags:
            self.compute.delete(_url(server, 'tags', tag))


class ServerTagDeleteAll(common.Command):
    """Delete every tag of a server."""

    def get_parser(self, prog_name):
        return _server_parser(super().get_parser(prog_name))

    def take_action(self, args):
        server = servers.find_server(self.compute, args.server)
        self.compute.delete(_url(server, 'tags'))
