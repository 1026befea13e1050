"""Who may see and change which image: Glance's default rules, in code.

- public and community images are visible to everyone; private and shared
  images to their owner (image members are not implemented) and admins.
- only the owner or an admin may change, upload to or delete an image; a
  visible image that is not yours answers 403, an invisible one 404.
- making an image public, or giving it to another owner, is for admins.
"""

from minova.image_api import exception


def is_visible(ctx, image):
    return (ctx.is_admin or image.visibility in ('public', 'community') or
            (image.owner is not None and image.owner == ctx.project_id))


def check_visible(ctx, image):
    if not is_visible(ctx, image):
        raise exception.ImageNotFound(image_id=image.id)


def check_modify(ctx, image):
    check_visible(ctx, image)
    if not (ctx.is_admin or image.owner == ctx.project_id):
        raise exception.Forbidden(
            reason='You are not permitted to modify image %s.' % image.id)


def check_values(ctx, values):
    """Rules on the new values themselves (create and update)."""
    if ctx.is_admin:
        return
    if values.get('visibility') == 'public':
        raise exception.Forbidden(
            reason='You are not permitted to publicize images.')
    if 'owner' in values and values['owner'] != ctx.project_id:
        raise exception.Forbidden(
            reason="You are not permitted to give images to owner '%s'."
                   % values['owner'])
