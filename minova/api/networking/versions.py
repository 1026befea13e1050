"""The version document (``GET /networking/``), the v2.0 resource list
(``GET /networking/v2.0``) and the extensions minova's façade has, as
Neutron answers them (clients look for ``security-group`` and
``external-net``)."""

from minova.api.networking import common
from minova import exception

RESOURCES = ('networks', 'subnets', 'ports', 'floatingips',
             'security-groups', 'security-group-rules')

EXTENSIONS = {
    'security-group': ('security-group',
                       'The security groups extension.'),
    'external-net': ('Neutron external network',
                     'Adds external network attribute to network resource.'),
    'router': ('Neutron L3 Router',
               'Floating IPs (minova has no routers to manage).'),
}


def _base(req):
    return req.application_url.rstrip('/')


def _version(href):
    return {'id': 'v2.0', 'status': 'CURRENT',
            'links': [{'rel': 'self', 'href': href}]}


def list_versions(req):
    return common.respond({'versions': [_version(_base(req) + '/v2.0/')]})


def v2_resources(req):
    """Neutron's resource list, and the ``version`` keystoneauth's
    discovery reads when a client is pointed at ``.../v2.0`` itself."""
    base = _base(req)
    return common.respond({'version': _version(base + '/'), 'resources': [{
        'name': name.rstrip('s').replace('-', '_'), 'collection': name,
        'links': [{'rel': 'self', 'href': '%s/%s' % (base, name)}]}
        for name in RESOURCES]})


def _extension(alias):
    name, description = EXTENSIONS[alias]
    return {'alias': alias, 'name': name, 'description': description,
            'links': [], 'updated': '2013-01-01T10:00:00-00:00'}


def list_extensions(req):
    return common.respond({'extensions': [_extension(a)
                                          for a in sorted(EXTENSIONS)]})


def show_extension(req, alias):
    if alias not in EXTENSIONS:
        raise exception.NotFound('Extension with alias %s does not exist'
                                 % alias)
    return common.respond({'extension': _extension(alias)})
