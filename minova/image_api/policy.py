"""Who may see and change which image: Glance's rules as registered
oslo.policy defaults (minova/policies/image.py), overridable in
policy.yaml like every other rule.

- an image the caller may not see answers 404 (``get_image``); one it
  sees but may not change, upload to or delete answers 403;
- making an image public (``publicize_image``), or creating one for
  another owner (``add_image``), is for admins by default.
"""

from minova.image_api import exception
from minova import policy


def _target(image):
    return {'project_id': image.owner, 'visibility': image.visibility}


def _allowed(ctx, action, target):
    return policy.authorize(ctx, action, target, fatal=False)


def is_visible(ctx, image):
    return _allowed(ctx, 'get_image', _target(image))


def check_visible(ctx, image, action='get_image'):
    if not _allowed(ctx, action, _target(image)):
        raise exception.ImageNotFound(image_id=image.id)


def check_modify(ctx, image, action='modify_image'):
    check_visible(ctx, image)
    if not _allowed(ctx, action, _target(image)):
        raise exception.Forbidden(
            reason='You are not permitted to modify image %s.' % image.id)


def check_values(ctx, values):
    """Rules on the new values themselves (create and update)."""
    if values.get('visibility') == 'public' and not _allowed(
            ctx, 'publicize_image', {'project_id': ctx.project_id}):
        raise exception.Forbidden(
            reason='You are not permitted to publicize images.')
    if 'owner' in values and not _allowed(
            ctx, 'add_image', {'project_id': values['owner'],
                               'visibility': values.get('visibility')}):
        raise exception.Forbidden(
            reason="You are not permitted to give images to owner '%s'."
                   % values['owner'])
