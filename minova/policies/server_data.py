"""Rules of a server's metadata and tags, named as Nova names them."""

from minova.policies import base
from minova.policies.compute import _rule

_META = '/servers/{server_id}/metadata'
_TAGS = '/servers/{server_id}/tags'

rules = [
    _rule('server-metadata:index', base.PROJECT_MEMBER_OR_ADMIN,
          'List the metadata of a server', _META, 'GET'),
    _rule('server-metadata:show', base.PROJECT_MEMBER_OR_ADMIN,
          'Show one metadata item of a server', _META + '/{key}', 'GET'),
    _rule('server-metadata:create', base.PROJECT_MEMBER_OR_ADMIN,
          'Add metadata items to a server', _META, 'POST'),
    _rule('server-metadata:update_all', base.PROJECT_MEMBER_OR_ADMIN,
          'Replace the metadata of a server', _META, 'PUT'),
    _rule('server-metadata:update', base.PROJECT_MEMBER_OR_ADMIN,
          'Set one metadata item of a server', _META + '/{key}', 'PUT'),
    _rule('server-metadata:delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete one metadata item of a server', _META + '/{key}',
          'DELETE'),
    _rule('os-server-tags:index', base.PROJECT_MEMBER_OR_ADMIN,
          'List the tags of a server', _TAGS, 'GET'),
    _rule('os-server-tags:show', base.PROJECT_MEMBER_OR_ADMIN,
          'Check a tag of a server', _TAGS + '/{tag}', 'GET'),
    _rule('os-server-tags:update', base.PROJECT_MEMBER_OR_ADMIN,
          'Add a tag to a server', _TAGS + '/{tag}', 'PUT'),
    _rule('os-server-tags:update_all', base.PROJECT_MEMBER_OR_ADMIN,
          'Replace the tags of a server', _TAGS, 'PUT'),
    _rule('os-server-tags:delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete a tag of a server', _TAGS + '/{tag}', 'DELETE'),
    _rule('os-server-tags:delete_all', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete all tags of a server', _TAGS, 'DELETE'),
]


def list_rules():
    return rules
