"""``minova``: the command line client, python-novaclient style.

    export OS_TOKEN=demo:demo                  # noauth2: user:project
    export OS_COMPUTE_ENDPOINT_OVERRIDE=http://127.0.0.1:8774/v2.1
    export OS_IMAGE_ENDPOINT_OVERRIDE=http://127.0.0.1:9292
    minova boot --flavor m1.nano --image cirros --poll vm1

Every command is in COMMANDS below; each lives in the module of its
resource. Errors print one line and exit non-zero.
"""

import os
import sys

from cliff import app
from cliff import commandmanager

from minova.cli import admin
from minova.cli import client as client_lib
from minova.cli import flavors
from minova.cli import images
from minova.cli import keypairs
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
    'flavor-list': flavors.FlavorList,
    'flavor-show': flavors.FlavorShow,
    'flavor-create': flavors.FlavorCreate,
    'flavor-delete': flavors.FlavorDelete,
    'image-list': images.ImageList,
    'image-show': images.ImageShow,
    'image-create': images.ImageCreate,
    'keypair-add': keypairs.KeypairAdd,
    'keypair-list': keypairs.KeypairList,
    'keypair-delete': keypairs.KeypairDelete,
    'hypervisor-list': admin.HypervisorList,
    'hypervisor-show': admin.HypervisorShow,
    'service-list': admin.ServiceList,
    'network-list': admin.NetworkList,
}

DEFAULT_COMPUTE = 'http://127.0.0.1:8774/v2.1'
DEFAULT_IMAGE = 'http://127.0.0.1:9292'


def _env(*names, default=None):
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return default


class MinovaShell(app.App):
    def __init__(self, session=None, **kwargs):
        """``session``: the HTTP layer (a requests.Session by default);
        ``kwargs``: cliff's stdin/stdout/stderr."""
        manager = commandmanager.CommandManager('minova.cli')
        for name, command in COMMANDS.items():
            manager.add_command(name, command)
        super().__init__(description='minova command line client',
                         version=version.VERSION,
                         command_manager=manager, deferred_help=True,
                         **kwargs)
        self._session = session
        self._compute = None
        self._image = None

    def build_option_parser(self, description, version, argparse_kwargs=None):
        parser = super().build_option_parser(description, version,
                                             argparse_kwargs)
        parser.add_argument(
            '--os-token', default=_env('OS_TOKEN'), metavar='<token>',
            help='X-Auth-Token; with noauth2 "user:project" '
                 '(env OS_TOKEN)')
        parser.add_argument(
            '--os-compute-endpoint', metavar='<url>',
            default=_env('OS_COMPUTE_ENDPOINT_OVERRIDE', 'OS_ENDPOINT',
                         default=DEFAULT_COMPUTE),
            help='compute API URL (env OS_COMPUTE_ENDPOINT_OVERRIDE or '
                 'OS_ENDPOINT; default %s)' % DEFAULT_COMPUTE)
        parser.add_argument(
            '--os-image-endpoint', metavar='<url>',
            default=_env('OS_IMAGE_ENDPOINT_OVERRIDE',
                         default=DEFAULT_IMAGE),
            help='image API URL (env OS_IMAGE_ENDPOINT_OVERRIDE; default '
                 '%s)' % DEFAULT_IMAGE)
        parser.add_argument(
            '--os-compute-api-version', metavar='<x.y>',
            default=_env('OS_COMPUTE_API_VERSION', default='latest'),
            help='compute microversion, or "latest" for the newest both '
                 'sides know (env OS_COMPUTE_API_VERSION)')
        parser.add_argument(
            '--timeout', type=float, default=60,
            help='seconds to wait for one HTTP answer')
        parser.add_argument(
            '--json', action='store_true',
            help='print JSON instead of tables (every command)')
        return parser

    @property
    def compute(self):
        if self._compute is None:
            self._compute = client_lib.ComputeClient(
                self.options.os_compute_endpoint, self.options.os_token,
                api_version=self.options.os_compute_api_version,
                timeout=self.options.timeout, session=self._session)
        return self._compute

    @property
    def image(self):
        if self._image is None:
            self._image = client_lib.ImageClient(
                self.options.os_image_endpoint, self.options.os_token,
                timeout=self.options.timeout, session=self._session)
        return self._image


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # Without a command novaclient prints its help; so do we, rather than
    # cliff's interactive shell.
    return MinovaShell().run(argv or ['help'])


if __name__ == '__main__':
    sys.exit(main())
