"""``minova``: the command line client, python-novaclient style.

    export OS_CLOUD=devstack                   # clouds.yaml, or
    export OS_TOKEN=demo:demo                  # noauth2: user:project
    export OS_COMPUTE_ENDPOINT_OVERRIDE=http://127.0.0.1:8774/v2.1
    export OS_IMAGE_ENDPOINT_OVERRIDE=http://127.0.0.1:9292
    minova boot --flavor m1.nano --image minova-test --poll vm1

How it logs in (clouds.yaml, password, token + endpoint) is
``minova.cli.auth``.

Every command is in COMMANDS below; each lives in the module of its
resource. Errors print one line and exit non-zero.
"""

import logging
import sys

from cliff import app
from cliff import commandmanager

from minova.cli import admin
from minova.cli import auth
from minova.cli import client as client_lib
from minova.cli import flavors
from minova.cli import images
from minova.cli import keypairs
from minova.cli import server_images
from minova.cli import quotas
from minova.cli import server_data
from minova.cli import server_states
from minova.cli import server_timeline
from minova.cli import server_moves
from minova.cli import servers
from minova import version

COMMANDS = {
    'boot': servers.Boot,
    'list': servers.List,
    'show': servers.Show,
    'delete': servers.Delete,
    'reboot': servers.Reboot,
    'stop': servers.Stop,
    'start': servers.Start,
    'console-log': servers.ConsoleLog,
    'instance-action-list': servers.InstanceActionList,
    'server-timeline': server_timeline.ServerTimeline,
    'resize': server_moves.Resize,
    'resize-confirm': server_moves.ResizeConfirm,
    'resize-revert': server_moves.ResizeRevert,
    'migrate': server_moves.Migrate,
    'evacuate': server_moves.Evacuate,
    'migration-list': server_moves.MigrationList,
    'backup': server_images.Backup,
    'rebuild': server_images.Rebuild,
    'rescue': server_images.Rescue,
    'unrescue': server_images.Unrescue,
    'shelve': server_images.Shelve,
    'shelve-offload': server_images.ShelveOffload,
    'unshelve': server_images.Unshelve,
    'flavor-list': flavors.FlavorList,
    'flavor-show': flavors.FlavorShow,
    'flavor-create': flavors.FlavorCreate,
    'flavor-delete': flavors.FlavorDelete,
    'image-list': images.ImageList,
    'image-show': images.ImageShow,
    'image-create': server_images.ImageCreate,
    'image-delete': images.ImageDelete,
    'keypair-add': keypairs.KeypairAdd,
    'keypair-list': keypairs.KeypairList,
    'keypair-delete': keypairs.KeypairDelete,
    'hypervisor-list': admin.HypervisorList,
    'hypervisor-show': admin.HypervisorShow,
    'service-list': admin.ServiceList,
    'network-list': admin.NetworkList,
    'pause': server_states.Pause,
    'unpause': server_states.Unpause,
    'suspend': server_states.Suspend,
    'resume': server_states.Resume,
    'lock': server_states.Lock,
    'unlock': server_states.Unlock,
    'reset-state': server_states.ResetState,
    'force-delete': server_states.ForceDelete,
    'restore': server_states.Restore,
    'trigger-crash-dump': server_states.TriggerCrashDump,
    'meta': server_data.Meta,
    'server-tag-list': server_data.ServerTagList,
    'server-tag-add': server_data.ServerTagAdd,
    'server-tag-set': server_data.ServerTagSet,
    'server-tag-delete': server_data.ServerTagDelete,
    'server-tag-delete-all': server_data.ServerTagDeleteAll,
    'quota-show': quotas.QuotaShow,
    'quota-defaults': quotas.QuotaDefaults,
    'quota-update': quotas.QuotaUpdate,
    'quota-delete': quotas.QuotaDelete,
    'usage': quotas.Usage,
    'usage-list': quotas.UsageList,
}

# What --debug shows: keystoneauth1's request and response lines, as
# novaclient prints them.
DEBUG_FORMAT = '%(levelname)s (%(module)s:%(lineno)d) %(message)s'


class MinovaShell(app.App):
    def __init__(self, argv=(), session=None, **kwargs):
        """``argv``: the command line (its auth type decides which
        ``--os-*`` options exist); ``session``: the requests-style HTTP
        layer under keystoneauth1 (tests); ``kwargs``: cliff's
        stdin/stdout/stderr."""
        self._argv = list(argv)
        manager = commandmanager.CommandManager('minova.cli')
        for name, command in COMMANDS.items():
            manager.add_command(name, command)
        super().__init__(description='minova command line client',
                         version=version.VERSION,
                         command_manager=manager, deferred_help=True,
                         **kwargs)
        self._session = session
        self._cloud = None
        self._compute = None
        self._image = None

    def build_option_parser(self, description, version, argparse_kwargs=None):
        parser = super().build_option_parser(description, version,
                                             argparse_kwargs)
        for action in parser._actions:
            if action.dest == 'debug':   # cliff's option, novaclient's sense
                action.help = ('show tracebacks on errors, and every HTTP '
                               'request and response (tokens hashed)')
        auth.register_options(parser, self._argv)
        parser.add_argument(
            '--json', action='store_true',
            help='print JSON instead of tables (every command)')
        return parser

    def configure_logging(self):
        super().configure_logging()
        ksa = logging.getLogger('keystoneauth')
        if self.options.debug:
            handler = logging.StreamHandler(self.stderr)
            handler.setFormatter(logging.Formatter(DEBUG_FORMAT))
            ksa.addHandler(handler)
            ksa.setLevel(logging.DEBUG)
            ksa.propagate = False
        else:
            ksa.setLevel(logging.WARNING)

    @property
    def cloud(self):
        if self._cloud is None:
            try:
                self._cloud = auth.connect(self.options, self._session)
            except auth.AuthError as error:
                raise client_lib.ClientError('ERROR: %s' % error)
        return self._cloud

    @property
    def compute(self):
        if self._compute is None:
            self._compute = client_lib.ComputeClient(
                self.cloud, api_version=self.options.os_compute_api_version)
        return self._compute

    @property
    def image(self):
        if self._image is None:
            self._image = client_lib.ImageClient(self.cloud)
        return self._image


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # Without a command novaclient prints its help; so do we, rather than
    # cliff's interactive shell.
    argv = argv or ['help']
    return MinovaShell(argv).run(argv)


if __name__ == '__main__':
    sys.exit(main())
