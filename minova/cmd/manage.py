"""minova-manage: database sync and the admin chores of a small cloud.

    minova-manage db sync [--chain compute|image] | version [--chain ...]
    minova-manage flavor create NAME --id ID --ram MB --disk GB --vcpus N
    minova-manage flavor list | delete ID
    minova-manage service list
    minova-manage network create --label LABEL --fixed-range-v4 CIDR
                                 --bridge BRIDGE [--gateway IP] [--dns IP]
    minova-manage network list | delete UUID-OR-LABEL
    minova-manage floating create --pool POOL --ip-range CIDR
    minova-manage floating list | delete --pool POOL
    minova-manage audit [--fix]

``audit`` exits 0 when nothing is left over, 3 when something is, 4 when
everything it found was fixed (as ``nova-manage placement audit``).
"""

import sys

from oslo_config import cfg

from minova import audit
from minova import config
import minova.conf
from minova import context
from minova.db import migration
from minova import exception
from minova.network import api as network_api
from minova.network import floating_ip_api
from minova import objects

CONF = minova.conf.CONF


class DbCommands:
    """The compute chain, then the image API's (``--chain`` picks one)."""

    def sync(self, args):
        for chain in _chains(args.chain):
            migration.db_sync(chain=chain)
            print('%s synced to revision %s' % (
                _LABELS[chain.name], migration.db_version(chain)))

    def version(self, args):
        print(migration.db_version(migration.CHAINS[args.chain]))


_LABELS = {'compute': 'Database', 'image': 'Image database'}


def _chains(name):
    if name == 'all':
        return list(migration.CHAINS.values())
    return [migration.CHAINS[name]]


class FlavorCommands:
    def create(self, args):
        ctx = context.get_admin_context()
        flavor = objects.Flavor(
            ctx, name=args.flavor_name, flavorid=str(args.id),
            memory_mb=args.ram,
            vcpus=args.vcpus, root_gb=args.disk,
            ephemeral_gb=args.ephemeral, swap=args.swap, rxtx_factor=1.0,
            is_public=True, disabled=False, description=None)
        try:
            flavor.create()
        except (exception.FlavorExists, exception.FlavorIdExists) as error:
            if not args.if_missing:
                raise
            print(error.format_message())
            return
        print('Created flavor %s (id %s)' % (flavor.name, flavor.flavorid))

    def list(self, args):
        ctx = context.get_admin_context()
        print('%-10s %-12s %8s %6s %6s' % ('ID', 'Name', 'RAM', 'Disk',
                                           'VCPUs'))
        for flavor in objects.FlavorList.get_all(ctx):
            print('%-10s %-12s %8d %6d %6d' % (
                flavor.flavorid, flavor.name, flavor.memory_mb,
                flavor.root_gb, flavor.vcpus))

    def delete(self, args):
        ctx = context.get_admin_context()
        objects.Flavor.get_by_flavor_id(ctx, args.id).destroy()
        print('Deleted flavor %s' % args.id)


class ServiceCommands:
    def list(self, args):
        ctx = context.get_admin_context()
        print('%-20s %-18s %-8s %-6s %s' % ('Binary', 'Host', 'Status',
                                            'State', 'Updated'))
        for svc in objects.ServiceList.get_all(ctx):
            print('%-20s %-18s %-8s %-6s %s' % (
                svc.binary, svc.host,
                'disabled' if svc.disabled else 'enabled',
                'up' if svc.is_up() else 'down', svc.last_seen_up))


class NetworkCommands:
    """nova-network's admin commands: networks exist before servers."""

    def create(self, args):
        ctx = context.get_admin_context()
        network = network_api.API().create(
            ctx, args.label, args.fixed_range_v4, args.bridge,
            gateway=args.gateway, dns=args.dns or ())
        print('Created network %s (%s): %s on bridge %s, gateway %s'
              % (network.label, network.uuid, network.cidr, network.bridge,
                 network.gateway))

    def list(self, args):
        ctx = context.get_admin_context()
        print('%-36s %-12s %-18s %-15s %-15s %s' % (
            'UUID', 'Label', 'CIDR', 'Gateway', 'Bridge', 'DNS'))
        for network in network_api.API().get_all(ctx):
            print('%-36s %-12s %-18s %-15s %-15s %s' % (
                network.uuid, network.label, network.cidr, network.gateway,
                network.bridge,
                ','.join(d for d in (network.dns1, network.dns2) if d)))

    def delete(self, args):
        ctx = context.get_admin_context()
        api = network_api.API()
        matches = [n for n in api.get_all(ctx)
                   if args.network_ref in (n.uuid, n.label)]
        if not matches:
            raise exception.NetworkNotFound(network_id=args.network_ref)
        if len(matches) > 1:
            raise exception.InvalidInput(
                reason='several networks are labelled %s: give a uuid'
                       % args.network_ref)
        api.delete(ctx, matches[0].uuid)
        print('Deleted network %s (%s)' % (matches[0].label,
                                           matches[0].uuid))


class AuditCommands:
    def audit(self, args):
        from minova import rpc
        rpc.init(CONF)
        findings = audit.Audit(context.get_admin_context(),
                               fix=args.fix).run()
        print(audit.format_table(findings))
        if not findings:
            return 0
        return 4 if all(f.fixed for f in findings) else 3


class FloatingCommands:
    """nova-manage floating: pools of floating IPs."""

    def create(self, args):
        ctx = context.get_admin_context()
        addresses = floating_ip_api.FloatingIPAPI().create_pool(
            ctx, args.pool, args.ip_range)
        print('Created %d floating IPs in pool %s (%s - %s)'
              % (len(addresses), args.pool, addresses[0], addresses[-1]))

    def list(self, args):
        ctx = context.get_admin_context()
        print('%-16s %-10s %-34s %-16s %s' % ('Address', 'Pool', 'Project',
                                            'Fixed IP', 'Instance'))
        for fip in objects.FloatingIPList.get_all(ctx):
            print('%-16s %-10s %-34s %-16s %s' % (
                fip.address, fip.pool, fip.project_id or '-',
                fip.fixed_address or '-', fip.instance_uuid or '-'))

    def delete(self, args):
        ctx = context.get_admin_context()
        count = objects.FloatingIPList.delete_pool(ctx, args.pool)
        print('Deleted %d floating IPs of pool %s' % (count, args.pool))


def _add_parsers(subparsers):
    db = subparsers.add_parser('db', help='database schema')
    db_sub = db.add_subparsers(dest='action')
    sync = db_sub.add_parser('sync')
    sync.add_argument('--chain', choices=['all'] + sorted(migration.CHAINS),
                      default='all',
                      help='the migration chain (default: both)')
    sync.set_defaults(func=DbCommands().sync)
    version = db_sub.add_parser('version')
    version.add_argument('--chain', choices=sorted(migration.CHAINS),
                         default='compute')
    version.set_defaults(func=DbCommands().version)

    flavor = subparsers.add_parser('flavor', help='flavors')
    flavor_sub = flavor.add_subparsers(dest='action')
    create = flavor_sub.add_parser('create')
    create.add_argument('flavor_name')
    create.add_argument('--id', required=True)
    create.add_argument('--ram', type=int, required=True)
    create.add_argument('--disk', type=int, default=0)
    create.add_argument('--vcpus', type=int, default=1)
    create.add_argument('--ephemeral', type=int, default=0)
    create.add_argument('--swap', type=int, default=0)
    create.add_argument('--if-missing', action='store_true',
                        help='succeed when the flavor already exists')
    create.set_defaults(func=FlavorCommands().create)
    flavor_sub.add_parser('list').set_defaults(func=FlavorCommands().list)
    delete = flavor_sub.add_parser('delete')
    delete.add_argument('id')
    delete.set_defaults(func=FlavorCommands().delete)

    service = subparsers.add_parser('service', help='services')
    service_sub = service.add_subparsers(dest='action')
    service_sub.add_parser('list').set_defaults(func=ServiceCommands().list)

    network = subparsers.add_parser('network', help='networks')
    network_sub = network.add_subparsers(dest='action')
    create = network_sub.add_parser('create')
    create.add_argument('--label', required=True)
    create.add_argument('--fixed-range-v4', required=True,
                        help='the IPv4 CIDR of the network')
    create.add_argument('--bridge', required=True,
                        help='the Linux bridge servers plug into (made by '
                             'minova-network if missing)')
    create.add_argument('--gateway',
                        help='default: the first address of the range')
    create.add_argument('--dns', action='append',
                        help='a DNS server handed out by DHCP (twice at '
                             'most)')
    create.set_defaults(func=NetworkCommands().create)
    network_sub.add_parser('list').set_defaults(func=NetworkCommands().list)
    delete = network_sub.add_parser('delete')
    delete.add_argument('network_ref', metavar='NETWORK', help='uuid or label')
    delete.set_defaults(func=NetworkCommands().delete)

    leftovers = subparsers.add_parser(
        'audit', help='leftovers across the cloud: stuck instances, '
        'guests, instance directories, addresses, DHCP entries, claims, '
        'images of interrupted snapshots')
    leftovers.add_argument('--fix', action='store_true',
                           help='settle, free and destroy what was found')
    leftovers.set_defaults(func=AuditCommands().audit)

    floating = subparsers.add_parser('floating', help='floating IP pools')
    floating_sub = floating.add_subparsers(dest='action')
    create = floating_sub.add_parser('create')
    create.add_argument('--pool', default='public')
    create.add_argument('--ip-range', required=True,
                        help='a CIDR: its host addresses join the pool')
    create.set_defaults(func=FloatingCommands().create)
    floating_sub.add_parser('list').set_defaults(
        func=FloatingCommands().list)
    delete = floating_sub.add_parser('delete')
    delete.add_argument('--pool', required=True)
    delete.set_defaults(func=FloatingCommands().delete)


category_opt = cfg.SubCommandOpt('category', title='Command categories',
                                 handler=_add_parsers)


def main():
    CONF.register_cli_opt(category_opt)
    config.parse_args(sys.argv, init_rpc=False)
    objects.register_all()
    func = getattr(CONF.category, 'func', None)
    if func is None:
        print(__doc__)
        return 2
    try:
        return func(CONF.category) or 0
    except exception.MinovaException as error:
        print(error.format_message(), file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
