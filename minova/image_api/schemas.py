"""The image JSON schema (Glance's, trimmed), kept as data.

The same document validates request bodies and answers
``GET /v2/schemas/image`` (python-glanceclient reads it to build its
models). Attributes marked ``readOnly`` may not be given by users.
"""

import copy

_UUID = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
         '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$')

DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2',
                'vdi', 'iso', 'ploop']
CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker',
                     'compressed']
STATUSES = ['queued', 'saving', 'active', 'killed', 'deleted', 'uploading',
            'importing', 'pending_delete', 'deactivated']
VISIBILITIES = ['public', 'private', 'shared', 'community']

# Attributes no request may set (Glance answers 403 for them).
RESERVED = ('location', 'deleted', 'deleted_at')


def _read_only(type_, **extra):
    return dict(type=type_, readOnly=True, **extra)


def _nullable_uuid(description):
    return {'type': ['null', 'string'], 'pattern': _UUID,
            'description': description}


IMAGE = {
    'name': 'image',
    'properties': {
        'id': {'type': 'string', 'pattern': _UUID,
               'description': 'An identifier for the image'},
        'name': {'type': ['null', 'string'], 'maxLength': 255,
                 'description': 'Descriptive name for the image'},
        'status': _read_only('string', enum=STATUSES),
        'visibility': {'type': 'string', 'enum': VISIBILITIES},
        'protected': {'type': 'boolean',
                      'description': 'If true, image will not be '
                                     'deletable.'},
        'os_hidden': {'type': 'boolean',
                      'description': 'If true, image will not appear in '
                                     'default image list response.'},
        'checksum': _read_only(['null', 'string'], maxLength=32),
        'os_hash_algo': _read_only(['null', 'string'], maxLength=64),
        'os_hash_value': _read_only(['null', 'string'], maxLength=128),
        'owner': {'type': ['null', 'string'], 'maxLength': 255},
        'size': _read_only(['null', 'integer']),
        'virtual_size': _read_only(['null', 'integer']),
        'container_format': {'type': ['null', 'string'],
                             'enum': [None] + CONTAINER_FORMATS},
        'disk_format': {'type': ['null', 'string'],
                        'enum': [None] + DISK_FORMATS},
        'created_at': _read_only('string'),
        'updated_at': _read_only('string'),
        'tags': {'type': 'array',
                 'items': {'type': 'string', 'maxLength': 255}},
        'min_ram': {'type': 'integer', 'minimum': 0,
                    'description': 'Amount of ram (in MB) required to boot '
                                   'image.'},
        'min_disk': {'type': 'integer', 'minimum': 0,
                     'description': 'Amount of disk space (in GB) required '
                                    'to boot image.'},
        'self': _read_only('string'),
        'file': _read_only('string'),
        'schema': _read_only('string'),
        'direct_url': _read_only('string'),
        'locations': _read_only('array'),
        'stores': _read_only('string'),
        'kernel_id': _nullable_uuid('ID of image stored in Glance that '
                                    'should be used as the kernel when '
                                    'booting an AMI-style image.'),
        'ramdisk_id': _nullable_uuid('ID of image stored in Glance that '
                                     'should be used as the ramdisk when '
                                     'booting an AMI-style image.'),
        'instance_uuid': {'type': 'string',
                          'description': 'Metadata which can be used to '
                                         'record which instance this image '
                                         'is associated with.'},
        'architecture': {'type': 'string'},
        'os_distro': {'type': 'string'},
        'os_version': {'type': 'string'},
        'description': {'type': 'string'},
    },
    # Free-form properties (hw_*, os_*, ...) are strings.
    'additionalProperties': {'type': 'string'},
    'links': [{'rel': 'self', 'href': '{self}'},
              {'rel': 'enclosure', 'href': '{file}'},
              {'rel': 'describedby', 'href': '{schema}'}],
}

READ_ONLY = tuple(sorted(key for key, value in IMAGE['properties'].items()
                         if value.get('readOnly')))

# Schema properties that are stored as image properties, not columns.
SCHEMA_PROPERTIES = ('kernel_id', 'ramdisk_id', 'instance_uuid',
                     'architecture', 'os_distro', 'os_version', 'description')


def images_schema():
    """The collection schema (``GET /v2/schemas/images``)."""
    return {
        'name': 'images',
        'properties': {
            'images': {'type': 'array', 'items': copy.deepcopy(IMAGE)},
            'schema': {'type': 'string'},
            'first': {'type': 'string'},
            'next': {'type': 'string'},
        },
        'links': [{'rel': 'first', 'href': '{first}'},
                  {'rel': 'next', 'href': '{next}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }
