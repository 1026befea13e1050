"""Quotas and usage: quota-show, quota-defaults, quota-update,
quota-delete, usage, usage-list (novaclient's names and tables)."""

import datetime

from minova.cli import client as client_lib
from minova.cli import common

# What quota-update can set: option -> resource.
SETTABLE = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs',
            'server_groups', 'server_group_members')

USAGE_COLUMNS = ('Tenant ID', 'Servers', 'RAM MiB-Hours', 'CPU Hours',
                 'Disk GiB-Hours')


def current_project(cloud):
    """The project of the login; with noauth2 (token ``user:project``)
    the token's."""
    project = cloud.session.get_project_id()
    token = getattr(cloud.session.auth, 'token', None) or ''
    if not project and ':' in token:
        project = token.split(':', 1)[1]
    if not project:
        raise client_lib.ClientError(
            'ERROR (CommandError): cannot tell the project; pass --tenant')
    return project


def _quota_rows(quota_set):
    return (('Quota', 'Limit'), sorted(
        (name, value) for name, value in quota_set.items() if name != 'id'))


class _QuotaCommand(common.Lister):
    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--tenant', metavar='<tenant-id>',
                            help='the project (default: the current one)')
        parser.add_argument('--user', metavar='<user-id>',
                            help="one user's quotas in the project")
        return parser

    def target(self, args, suffix=''):
        project = args.tenant or current_project(self.app.cloud)
        path = '/os-quota-sets/%s%s' % (project, suffix)
        return path, {'user_id': args.user} if args.user else None


class QuotaShow(_QuotaCommand):
    """Show the quotas of a project (or of a user in it)."""

    def take_action(self, args):
        path, params = self.target(args)
        return _quota_rows(self.compute.get(path,
                                            params=params)['quota_set'])


class QuotaDefaults(_QuotaCommand):
    """Show the default quotas."""

    def take_action(self, args):
        path, _params = self.target(args, '/defaults')
        return _quota_rows(self.compute.get(path)['quota_set'])


class QuotaUpdate(common.Lister):
    """Update the quotas of a project (admin)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('tenant', metavar='<tenant-id>')
        parser.add_argument('--user', metavar='<user-id>')
        for name in SETTABLE:
            parser.add_argument('--' + name.replace('_', '-'), dest=name,
                                type=int, metavar='<%s>' % name)
        parser.add_argument('--force', action='store_true',
                            help='even below what is in use')
        return parser

    def take_action(self, args):
        values = {name: getattr(args, name) for name in SETTABLE
                  if getattr(args, name) is not None}
        if args.force:
            values['force'] = True
        params = {'user_id': args.user} if args.user else None
        updated = self.compute.put('/os-quota-sets/%s' % args.tenant,
                                   {'quota_set': values}, params=params)
        return _quota_rows(updated['quota_set'])


class QuotaDelete(common.Command):
    """Reset the quotas of a project (or a user) to the defaults."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--tenant', metavar='<tenant-id>',
                            required=True)
        parser.add_argument('--user', metavar='<user-id>')
        return parser

    def take_action(self, args):
        params = {'user_id': args.user} if args.user else None
        self.compute.delete('/os-quota-sets/%s' % args.tenant,
                            params=params)


def _period_parser(parser):
    parser.add_argument('--start', metavar='<start>',
                        help='YYYY-MM-DD (default: 4 weeks ago)')
    parser.add_argument('--end', metavar='<end>',
                        help='YYYY-MM-DD (default: tomorrow)')
    return parser


def _period(args):
    today = datetime.datetime.utcnow().replace(hour=0, minute=0, second=0,
                                               microsecond=0)
    try:
        start = (datetime.datetime.strptime(args.start, '%Y-%m-%d')
                 if args.start else today - datetime.timedelta(weeks=4))
        end = (datetime.datetime.strptime(args.end, '%Y-%m-%d')
               if args.end else today + datetime.timedelta(days=1))
    except ValueError as error:
        raise client_lib.ClientError('ERROR (CommandError): %s' % error)
    return {'start': start.isoformat(), 'end': end.isoformat()}


def _usage_row(usage):
    return (usage['tenant_id'], len(usage.get('server_usages') or []),
            '%.2f' % usage['total_memory_mb_usage'],
            '%.2f' % usage['total_vcpus_usage'],
            '%.2f' % usage['total_local_gb_usage'])


class UsageList(common.Lister):
    """List the usage of every project (admin)."""

    def get_parser(self, prog_name):
        return _period_parser(super().get_parser(prog_name))

    def take_action(self, args):
        params = dict(_period(args), detailed=1)
        usages = self.compute.get('/os-simple-tenant-usage',
                                  params=params)['tenant_usages']
        return USAGE_COLUMNS, [_usage_row(u) for u in usages]


class Usage(common.Lister):
    """Show the usage of one project."""

    def get_parser(self, prog_name):
        parser = _period_parser(super().get_parser(prog_name))
        parser.add_argument('--tenant', metavar='<tenant-id>')
        return parser

    def take_action(self, args):
        project = args.tenant or current_project(self.app.cloud)
        usage = self.compute.get('/os-simple-tenant-usage/%s' % project,
                                 params=_period(args))['tenant_usage']
        return USAGE_COLUMNS[1:], [_usage_row(usage)[1:]] if usage else []
