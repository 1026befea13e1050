"""What every command shares: ``--json``, finding a resource by name or
id, and turning API dicts into table rows."""

import json

from cliff import columns
from cliff import command
from cliff import lister
from cliff import show

from minova.cli import client as client_lib


class _Clients:
    """The HTTP clients of the app, for every kind of command."""

    @property
    def compute(self):
        return self.app.compute

    @property
    def image(self):
        return self.app.image


class _JSONOption(_Clients):
    """``--json`` as a short form of cliff's ``-f json``, on the command
    (``minova list --json``) or before it (``minova --json list``)."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--json', dest='formatter', action='store_const',
                            const='json', help='print JSON instead of a '
                            'table (same as -f json)')
        return parser

    def run(self, parsed_args):
        if getattr(self.app_args, 'json', False):
            parsed_args.formatter = 'json'
        return super().run(parsed_args)


class Lister(_JSONOption, lister.Lister):
    pass


class ShowOne(_JSONOption, show.ShowOne):
    pass


class Command(_Clients, command.Command):
    """A command that prints nothing on success."""


def rows(items, columns):
    """(column headers, row tuples) from dicts; ``columns`` maps each header
    to a key or to a function of the item."""
    headers = tuple(columns)
    values = []
    for item in items:
        values.append(tuple(
            spec(item) if callable(spec) else item.get(spec)
            for spec in columns.values()))
    return headers, values


class JSONColumn(columns.FormattableColumn):
    """A nested value: compact JSON in a table, itself in ``--json``."""

    def human_readable(self):
        return json.dumps(self._value, sort_keys=True)


def fields(item, hidden=()):
    """(keys, values) of a dict for a ShowOne, sorted like novaclient's
    Property/Value table."""
    keys = sorted(k for k in item if k not in hidden and k != 'links')
    values = tuple(JSONColumn(item[k]) if isinstance(item[k], (dict, list))
                   else item[k] for k in keys)
    return tuple(keys), values


def find(get_by_id, list_by_name, name_or_id, kind, name_key='name'):
    """The one resource whose id, else whose exact name, is ``name_or_id``
    (novaclient's ``find_resource``)."""
    try:
        return get_by_id(name_or_id)
    except client_lib.HTTPError as error:
        if error.status not in (400, 404):
            raise
    matches = [item for item in list_by_name(name_or_id)
               if item.get(name_key) == name_or_id]
    if not matches:
        raise client_lib.ClientError(
            "ERROR (CommandError): No %s with a name or ID of '%s' exists."
            % (kind, name_or_id))
    if len(matches) > 1:
        raise client_lib.ClientError(
            "ERROR (CommandError): Multiple %s matches found for '%s', use "
            "an ID to be more specific." % (kind, name_or_id))
    return matches[0]


def key_values(pairs, option):
    """``['a=1', 'b=2']`` -> ``{'a': '1', 'b': '2'}``."""
    result = {}
    for pair in pairs or ():
        key, sep, value = pair.partition('=')
        if not sep or not key:
            raise client_lib.ClientError(
                "ERROR (CommandError): %s expects key=value, got '%s'"
                % (option, pair))
        result[key] = value
    return result
