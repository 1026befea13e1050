"""Flavor commands: flavor-list, -show, -create, -delete."""

from minova.cli import common
from minova.cli import servers

COLUMNS = {'ID': 'id', 'Name': 'name', 'Memory_MiB': 'ram', 'Disk': 'disk',
           'Ephemeral': 'OS-FLV-EXT-DATA:ephemeral',
           'Swap': lambda f: f.get('swap') or '', 'VCPUs': 'vcpus',
           'RXTX_Factor': 'rxtx_factor',
           'Is_Public': 'os-flavor-access:is_public'}


def _bool(text):
    if text.lower() not in ('true', 'false'):
        raise ValueError(text)
    return text.lower() == 'true'


class FlavorList(common.Lister):
    """List flavors."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--all', action='store_true',
                            help='private flavors too (admin)')
        return parser

    def take_action(self, args):
        params = {'is_public': 'None'} if args.all else None
        flavors = self.compute.get('/flavors/detail',
                                   params=params)['flavors']
        return common.rows(flavors, COLUMNS)


class FlavorShow(common.ShowOne):
    """Show one flavor."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('flavor', metavar='<flavor>', help='name or ID')
        return parser

    def take_action(self, args):
        return common.fields(servers.find_flavor(self.compute, args.flavor))


class FlavorCreate(common.ShowOne):
    """Create a flavor (admin)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('id', metavar='<id>',
                            help="unique ID, or 'auto' for a UUID")
        parser.add_argument('ram', metavar='<ram>', type=int, help='MiB')
        parser.add_argument('disk', metavar='<disk>', type=int, help='GiB')
        parser.add_argument('vcpus', metavar='<vcpus>', type=int)
        parser.add_argument('--ephemeral', type=int, default=0, help='GiB')
        parser.add_argument('--swap', type=int, default=0, help='MiB')
        parser.add_argument('--rxtx-factor', type=float, default=1.0)
        parser.add_argument('--is-public', type=_bool, default=True,
                            metavar='<true|false>')
        return parser

    def take_action(self, args):
        flavor = {'name': args.name, 'ram': args.ram, 'disk': args.disk,
                  'vcpus': args.vcpus,
                  'id': None if args.id == 'auto' else args.id,
                  'OS-FLV-EXT-DATA:ephemeral': args.ephemeral,
                  'swap': args.swap, 'rxtx_factor': args.rxtx_factor,
                  'os-flavor-access:is_public': args.is_public}
        created = self.compute.post('/flavors', {'flavor': flavor})
        return common.fields(created['flavor'])


class FlavorDelete(common.Command):
    """Delete a flavor (admin)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('flavor', metavar='<flavor>', help='name or ID')
        return parser

    def take_action(self, args):
        flavor = servers.find_flavor(self.compute, args.flavor)
        self.compute.delete('/flavors/%s' % flavor['id'])
