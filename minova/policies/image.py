"""Rules of the image API (minova-image-api), named and defaulted as
Glance's secure-RBAC rules.

The target is the image: ``project_id`` is its owner (or, for
``add_image``, the owner it is to get), ``visibility`` its visibility.
"""

from oslo_policy import policy

from minova.policies import base

_VISIBLE = ("project_id:%(project_id)s or 'public':%(visibility)s or "
            "'community':%(visibility)s")
_READER_VISIBLE = 'rule:context_is_admin or (role:reader and (%s))' % \
    _VISIBLE
_MEMBER_VISIBLE = 'rule:context_is_admin or (role:member and (%s))' % \
    _VISIBLE
_OWNER_MEMBER = 'rule:context_is_admin or (role:member and ' \
    'project_id:%(project_id)s)'


def _rule(name, check, description, path, method):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check, description=description,
        operations=[{'path': path, 'method': method}],
        scope_types=['project'])


rules = [
    _rule('get_image', _READER_VISIBLE, 'Show an image',
          '/v2/images/{image_id}', 'GET'),
    _rule('get_images', 'rule:context_is_admin or role:reader',
          'List images', '/v2/images', 'GET'),
    _rule('add_image', _OWNER_MEMBER, 'Create an image', '/v2/images',
          'POST'),
    _rule('modify_image', _OWNER_MEMBER, 'Update an image',
          '/v2/images/{image_id}', 'PATCH'),
    _rule('publicize_image', base.ADMIN, 'Make an image public',
          '/v2/images/{image_id}', 'PATCH'),
    _rule('delete_image', _OWNER_MEMBER, 'Delete an image',
          '/v2/images/{image_id}', 'DELETE'),
    _rule('upload_image', _OWNER_MEMBER, "Upload an image's data",
          '/v2/images/{image_id}/file', 'PUT'),
    _rule('download_image', _MEMBER_VISIBLE, "Download an image's data",
          '/v2/images/{image_id}/file', 'GET'),
]


def list_rules():
    return rules
