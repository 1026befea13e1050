"""An image document (what users send and see) in and out of its parts.

``check`` validates a document against the image schema and the property
limits; ``split`` turns it into table columns, free-form properties and
tags. Create and PATCH both end here, so their rules cannot drift apart.
jsonschema is imported at the first document checked (issue 15).
"""

from minova.image_api import exception
from minova.image_api import schemas

# Document keys stored as columns of the images table.
COLUMNS = ('id', 'name', 'visibility', 'protected', 'os_hidden', 'owner',
           'container_format', 'disk_format', 'min_ram', 'min_disk')

_VALIDATOR = None


def _validator():
    global _VALIDATOR
    if _VALIDATOR is None:
        import jsonschema
        _VALIDATOR = jsonschema.Draft4Validator(schemas.IMAGE)
    return _VALIDATOR


def check_writable(keys, allow_id=False):
    """403 for attributes no request may set, as Glance answers."""
    for key in keys:
        if key in schemas.RESERVED:
            raise exception.Forbidden(reason="Attribute '%s' is reserved."
                                             % key)
        if key in schemas.READ_ONLY or (key == 'id' and not allow_id):
            raise exception.Forbidden(reason="Attribute '%s' is read-only."
                                             % key)


def check(doc, limits):
    """400 unless ``doc`` (writable keys only) fits the schema and limits."""
    import jsonschema.exceptions
    error = jsonschema.exceptions.best_match(_validator().iter_errors(doc))
    if error is not None:
        where = '/'.join(str(p) for p in error.absolute_path)
        reason = ('%s (at %s)' % (error.message, where) if where
                  else error.message)
        raise exception.InvalidImage(reason=reason)
    properties = split(doc)[1]
    if len(properties) > limits.max_property_count:
        raise exception.PropertyLimitExceeded(
            reason='Maximum number of image properties exceeded. '
                   'Attempted: %d, Maximum: %d' % (
                       len(properties), limits.max_property_count))
    for name, value in properties.items():
        if len(name) > limits.max_property_name_length:
            raise exception.PropertyLimitExceeded(
                reason='Property name %s... is longer than %d characters.'
                       % (name[:32], limits.max_property_name_length))
        if not name:
            raise exception.PropertyLimitExceeded(
                reason='Property names may not be empty.')
        if len(value.encode('utf-8')) > limits.max_property_value_length:
            raise exception.PropertyLimitExceeded(
                reason='The value of property %s is longer than %d bytes.'
                       % (name, limits.max_property_value_length))
    tags = doc.get('tags', [])
    if len(set(tags)) > limits.max_tag_count:
        raise exception.PropertyLimitExceeded(
            reason='Maximum number of tags exceeded. Attempted: %d, '
                   'Maximum: %d' % (len(set(tags)), limits.max_tag_count))


def split(doc):
    """(columns, properties, tags) of a writable document.

    A null schema property (``"kernel_id": null``) means "no such
    property", so it is dropped rather than stored.
    """
    columns = {k: doc[k] for k in COLUMNS if k in doc}
    properties = {k: v for k, v in doc.items()
                  if k not in COLUMNS and k != 'tags' and
                  k not in schemas.READ_ONLY and v is not None}
    tags = list(dict.fromkeys(doc.get('tags', [])))
    return columns, properties, tags


def writable(full_doc):
    """The writable part of a shown image (views.image) document."""
    return {k: v for k, v in full_doc.items()
            if k not in schemas.READ_ONLY and k != 'id'}
