"""Request body validation with JSON schemas, per microversion.

``@validation.schema(schema, '2.1', '2.36')`` on a controller method checks
``body`` against the schema of the negotiated version. Errors read like
Nova's: ``Invalid input for field/attribute name. Value: ... . ...``.
Schemas live as data in ``minova.api.openstack.compute.schemas``.

jsonschema (2-3 MB with its referencing and rpds) is imported and each
validator built at the first request that needs it, not when the API
loads its controllers (issue 15).
"""

import copy
import functools

from minova import exception

_FORMAT_CHECKER = None
# jsonschema's validator class of a draft: the same with minova's bounds.
_EXTENDED = {}


def _format_checker():
    global _FORMAT_CHECKER
    if _FORMAT_CHECKER is None:
        import jsonschema
        checker = jsonschema.FormatChecker()
        checker.checks('base64')(_is_base64)
        checker.checks('date-time')(_is_date_time)
        checker.checks('uuid')(_is_uuid)
        _FORMAT_CHECKER = checker
    return _FORMAT_CHECKER


def _is_base64(value):
    import base64
    import binascii
    if not isinstance(value, str):
        return True
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_date_time(value):
    # jsonschema checks date-time only with an extra package; Nova's
    # query strings take what oslo.utils parses.
    from oslo_utils import timeutils
    if not isinstance(value, str):
        return True
    try:
        timeutils.parse_isotime(value)
    except ValueError:
        return False
    return True


def _is_uuid(value):
    from oslo_utils import uuidutils
    return not isinstance(value, str) or uuidutils.is_uuid_like(value)


def _relaxed(schema):
    """The legacy /v2 API tolerates unknown properties (as Nova does)."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get('additionalProperties') is False:
                node['additionalProperties'] = True
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    return schema


def _number(value):
    """A numeric string as its number (None if it is not one)."""
    for convert in (int, float):
        try:
            return convert(value)
        except (TypeError, ValueError):
            pass
    return None


def _bound(original):
    """``minimum``/``maximum`` that also bound numeric strings, as Nova's
    validator does ("min_count": "0" is as wrong as 0)."""
    def check(validator, bound, instance, schema):
        if isinstance(instance, str):
            instance = _number(instance)
            if instance is None:
                return
        yield from original(validator, bound, instance, schema)
    return check


def _validator_class(schema):
    from jsonschema import validators
    base = validators.validator_for(schema)
    if base not in _EXTENDED:
        _EXTENDED[base] = validators.extend(base, {
            name: _bound(base.VALIDATORS[name])
            for name in ('minimum', 'maximum')})
    return _EXTENDED[base]


class _Validator:
    def __init__(self, schema, message=None):
        self.message = message or _message
        self.schema = schema
        self._validator = None

    @property
    def validator(self):
        if self._validator is None:
            self._validator = _validator_class(self.schema)(
                self.schema, format_checker=_format_checker())
        return self._validator

    def validate(self, body):
        import jsonschema.exceptions
        error = jsonschema.exceptions.best_match(
            self.validator.iter_errors(body))
        if error is None:
            return
        raise exception.ValidationError(detail=self.message(error))


def _message(error):
    """Nova's wording: the field is the last element of the path."""
    if error.validator in ('required', 'additionalProperties') or \
            not error.path:
        return error.message
    return ('Invalid input for field/attribute %s. Value: %s. %s'
            % (error.path[-1], error.instance, error.message))


def _query_message(error):
    """Nova's wording for a query parameter (a list: name, then index)."""
    names = [part for part in error.path if isinstance(part, str)]
    if not names:
        return error.message
    return ('Invalid input for query parameters %s. Value: %s. %s'
            % (names[0], error.instance, error.message))


def schema(request_body_schema, min_version=None, max_version=None):
    """Validate ``body`` with this schema in the given version range."""
    strict = _Validator(request_body_schema)
    relaxed = _Validator(_relaxed(request_body_schema))

    def decorator(func):
        versions = getattr(func, '_schemas', None)
        if versions is None:
            @functools.wraps(func)
            def wrapper(self, req, *args, **kwargs):
                body = kwargs.get('body')
                for low, high, strict_v, relaxed_v in wrapper._schemas:
                    if req.ver(low, high):
                        validator = relaxed_v if req.is_legacy_v2 \
                            else strict_v
                        validator.validate(body)
                        break
                return func(self, req, *args, **kwargs)
            wrapper._schemas = []
            target = wrapper
        else:
            target = func
        target._schemas.append((min_version, max_version, strict, relaxed))
        return target
    return decorator


def query_schema(schema_def, min_version=None, max_version=None):
    """Validate the query string (a dict of lists) with a schema."""
    validator = _Validator(schema_def, _query_message)

    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, req, *args, **kwargs):
            if req.ver(min_version, max_version):
                query = {k: req.GET.getall(k) for k in req.GET.keys()}
                validator.validate(query)
            return func(self, req, *args, **kwargs)
        return wrapper
    return decorator
