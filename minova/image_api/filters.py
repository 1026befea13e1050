"""Glance's filter operators on image list columns.

``id``, ``name``, ``status``, ``container_format`` and ``disk_format``
take ``eq:<value>`` (or a bare value) and ``in:<v1>,<v2>,...``; a value
holding a comma is quoted (``name=in:"glass, darkly",share me``). Any
other ``<op>:`` is a 400, as Glance answers. openstackclient's
``server list`` fetches the images of the page with ``id=in:...``.

``created_at`` and ``updated_at`` take ``gt``, ``gte``, ``lt``, ``lte``,
``eq`` and ``neq`` with an ISO 8601 time (Nova's ``changes-since`` is
``updated_at=gte:<time>``).
"""

import operator as operators

from oslo_utils import timeutils

from minova.image_api import exception

OPERATOR_COLUMNS = ('id', 'name', 'status', 'container_format',
                    'disk_format')
TIME_COLUMNS = ('created_at', 'updated_at')
_COMPARISONS = {'gt': operators.gt, 'gte': operators.ge,
                'lt': operators.lt, 'lte': operators.le,
                'eq': operators.eq, 'neq': operators.ne}


def parse(value):
    """A bare value (equality) or a list of values (``in``)."""
    operator, sep, operand = value.partition(':')
    if not sep or _is_isotime(value):
        return value
    if operator == 'eq':
        return operand
    if operator == 'in':
        return split_values(operand)
    raise exception.BadRequest(
        reason="Unable to filter by unknown operator '%s'." % operator)


def parse_time(name, value):
    """(comparison, naive UTC time) for a created_at/updated_at filter;
    ``comparison(column, time)`` is the SQL condition."""
    operator, sep, operand = value.partition(':')
    if not sep or _is_isotime(value):
        operator, operand = 'eq', value
    if operator not in _COMPARISONS:
        raise exception.BadRequest(
            reason='Unable to filter on a unknown operator.')
    try:
        when = timeutils.normalize_time(timeutils.parse_isotime(operand))
    except ValueError:
        raise exception.BadRequest(
            reason='Bad "%s" query filter format. Use ISO 8601 DateTime '
                   'notation.' % name)
    return _COMPARISONS[operator], when


def _is_isotime(value):
    # Glance takes an ISO 8601 time with its colons as a bare value.
    try:
        timeutils.parse_isotime(value)
    except ValueError:
        return False
    return True


def split_values(text):
    """``a,"b,c",d`` -> ``['a', 'b,c', 'd']``; a backslash keeps the
    next character (an escaped quote stays inside its value)."""
    values, current, quoted, closed = [], [], False, False
    chars = iter(text)
    for char in chars:
        if closed and char != ',':
            raise _bad_quotes(text, 'There is no comma after closing '
                                    'quotation mark.')
        if char == '\\':
            current += [char, next(chars, '')]
        elif char == '"':
            if not quoted and current:
                raise _bad_quotes(text, 'There is no comma before opening '
                                        'quotation mark.')
            quoted, closed = not quoted, quoted
        elif char == ',' and not quoted:
            values.append(''.join(current))
            current, closed = [], False
        else:
            current.append(char)
    if quoted:
        raise _bad_quotes(text, 'The quote is not closed.')
    values.append(''.join(current))
    return values


def _bad_quotes(text, why):
    return exception.BadRequest(reason='Invalid filter value %s. %s'
                                       % (text, why))
