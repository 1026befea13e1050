"""Image commands against minova-image-api: image-list, -show, -create
(the upload is streamed from the file, with a progress bar), -delete."""

import os

from minova.cli import client as client_lib
from minova.cli import common
from minova.cli import progress
from minova.cli import servers

HIDDEN = ('file', 'schema', 'self', 'locations')


class ImageList(common.Lister):
    """List images."""

    def take_action(self, args):
        return common.rows(self.image.list_all('/v2/images'), {
            'ID': 'id', 'Name': 'name', 'Status': 'status', 'Size': 'size',
            'Disk Format': 'disk_format', 'Visibility': 'visibility'})


class ImageShow(common.ShowOne):
    """Show one image."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('image', metavar='<image>', help='name or ID')
        return parser

    def take_action(self, args):
        return common.fields(servers.find_image(self.image, args.image),
                             hidden=HIDDEN)


class ImageCreate(common.ShowOne):
    """Create an image and upload its data from a file."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('name', metavar='<name>')
        parser.add_argument('--file', required=True, metavar='<path>',
                            help='the image data')
        parser.add_argument('--disk-format', default='qcow2',
                            help='raw, qcow2, aki, ari, ami, iso, ...')
        parser.add_argument('--container-format', default='bare')
        parser.add_argument('--visibility', default='private',
                            choices=('public', 'private', 'shared',
                                     'community'))
        parser.add_argument('--min-disk', type=int, default=None)
        parser.add_argument('--min-ram', type=int, default=None)
        parser.add_argument('--property', action='append', default=[],
                            metavar='<key=value>', help='(repeatable)')
        parser.add_argument('--progress', action='store_true',
                            help='show the upload progress bar even when '
                            'stderr is not a terminal')
        return parser

    def take_action(self, args):
        try:
            data = open(args.file, 'rb')
        except OSError as error:
            raise client_lib.ClientError("ERROR (CommandError): Can't open "
                                         "'%s': %s" % (args.file,
                                                       error.strerror))
        with data:
            body = {'name': args.name, 'disk_format': args.disk_format,
                    'container_format': args.container_format,
                    'visibility': args.visibility}
            for key in ('min_disk', 'min_ram'):
                if getattr(args, key) is not None:
                    body[key] = getattr(args, key)
            body.update(common.key_values(args.property, '--property'))
            image = self.image.post('/v2/images', body)
            self._upload(image['id'], data, args.progress)
        return common.fields(self.image.get('/v2/images/%s' % image['id']),
                             hidden=HIDDEN)

    def _upload(self, image_id, data, force_progress):
        line = progress.ProgressLine(self.app.stderr, force=force_progress)
        size = os.fstat(data.fileno()).st_size
        if line.enabled:
            data = progress.ReadProgress(data, size, line)
        try:
            self.image.request(
                'PUT', '/v2/images/%s/file' % image_id, data=data,
                headers={'Content-Type': 'application/octet-stream',
                         'Content-Length': str(size)})
        finally:
            line.close()


class ImageDelete(common.Command):
    """Delete images."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('images', metavar='<image>', nargs='+',
                            help='name or ID')
        return parser

    def take_action(self, args):
        for name in args.images:
            image = servers.find_image(self.image, name)
            self.image.delete('/v2/images/%s' % image['id'])
