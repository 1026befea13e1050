"""Operator views: hypervisor-list/-show, service-list, network-list."""

from minova.cli import client as client_lib
from minova.cli import common


class HypervisorList(common.Lister):
    """List hypervisors (admin)."""

    def take_action(self, args):
        return common.rows(
            self.compute.get('/os-hypervisors')['hypervisors'],
            {'ID': 'id', 'Hypervisor hostname': 'hypervisor_hostname',
             'State': 'state', 'Status': 'status'})


class HypervisorShow(common.ShowOne):
    """Show one hypervisor by ID or hostname (admin)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('hypervisor', metavar='<hypervisor>',
                            help='ID or hostname')
        return parser

    def take_action(self, args):
        hypervisor = common.find(
            lambda i: self.compute.get('/os-hypervisors/%s' % i)[
                'hypervisor'],
            lambda name: self.compute.get('/os-hypervisors/detail')[
                'hypervisors'],
            args.hypervisor, 'hypervisor', name_key='hypervisor_hostname')
        return common.fields(hypervisor)


class ServiceList(common.Lister):
    """List the services and whether they are up (admin)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--host')
        parser.add_argument('--binary')
        return parser

    def take_action(self, args):
        params = {k: v for k, v in (('host', args.host),
                                    ('binary', args.binary)) if v}
        return common.rows(
            self.compute.get('/os-services', params=params)['services'],
            {'Id': 'id', 'Binary': 'binary', 'Host': 'host', 'Zone': 'zone',
             'Status': 'status', 'State': 'state',
             'Updated_at': 'updated_at',
             'Disabled Reason': 'disabled_reason'})


class NetworkList(common.Lister):
    """List the networks of minova-network (``GET /os-networks``)."""

    # A nova-network proxy API: microversion 2.36 removed it.
    NEWEST = '2.35'

    def take_action(self, args):
        try:
            networks = self.compute.get(
                '/os-networks',
                microversion=self.compute.capped(self.NEWEST))['networks']
        except client_lib.HTTPError as error:
            if error.status != 404:
                raise
            raise client_lib.ClientError(
                'ERROR (NotFound): this compute API has no /os-networks: '
                'minova-network is not part of this cloud (HTTP 404)')
        return common.rows(networks, {'ID': 'id', 'Label': 'label',
                                      'CIDR': 'cidr', 'Bridge': 'bridge'})
