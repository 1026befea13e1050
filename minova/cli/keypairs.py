"""Key pair commands: keypair-add, -list, -delete."""

from minova.cli import client as client_lib
from minova.cli import common


class KeypairAdd(common.Command):
    """Create a key pair; a generated private key is printed once."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--pub-key', metavar='<file>',
                            help='import this public key instead of '
                            'generating a pair')
        parser.add_argument('--key-type', choices=('ssh', 'x509'),
                            default=None)
        return parser

    def take_action(self, args):
        keypair = {'name': args.name}
        if args.pub_key:
            try:
                with open(args.pub_key) as key:
                    keypair['public_key'] = key.read()
            except OSError as error:
                raise client_lib.ClientError(
                    "ERROR (CommandError): Can't open '%s': %s"
                    % (args.pub_key, error.strerror))
        if args.key_type:
            keypair['type'] = args.key_type
        created = self.compute.post('/os-keypairs',
                                    {'keypair': keypair})['keypair']
        if created.get('private_key'):
            self.app.stdout.write(created['private_key'])


class KeypairList(common.Lister):
    """List key pairs."""

    def take_action(self, args):
        keypairs = [k['keypair'] for k in
                    self.compute.get('/os-keypairs')['keypairs']]
        return common.rows(keypairs, {'Name': 'name', 'Type': 'type',
                                      'Fingerprint': 'fingerprint'})


class KeypairDelete(common.Command):
    """Delete a key pair."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        return parser

    def take_action(self, args):
        self.compute.delete('/os-keypairs/%s' % args.name)
