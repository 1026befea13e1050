"""The Network API façade's route table and router (mounted by
etc/minova/api-paste.ini at ``/networking``: the version document at
``/networking/``, the API under ``/networking/v2.0``, behind the compute
API's authentication). A handler takes the request and the path's
variables and returns a webob Response."""

import routes
import webob.dec

from minova.api.networking import floating_ips
from minova.api.networking import networks
from minova.api.networking import ports
from minova.api.networking import security_groups as sg
from minova.api.networking import versions
from minova.api.openstack import wsgi
from minova.wsgi import routing

ROUTES = {
    '/extensions': {'GET': versions.list_extensions},
    '/extensions/{alias}': {'GET': versions.show_extension},
    '/networks': {'GET': networks.list_networks},
    '/networks/{network_id}': {'GET': networks.show_network},
    '/subnets': {'GET': networks.list_subnets},
    '/subnets/{subnet_id}': {'GET': networks.show_subnet},
    '/ports': {'GET': ports.list_ports},
    '/ports/{port_id}': {'GET': ports.show_port},
    '/floatingips': {'GET': floating_ips.list_fips,
                     'POST': floating_ips.create_fip},
    '/floatingips/{fip_id}': {'GET': floating_ips.show_fip,
                              'PUT': floating_ips.update_fip,
                              'DELETE': floating_ips.delete_fip},
    '/security-groups': {'GET': sg.list_groups, 'POST': sg.create_group},
    '/security-groups/{group_id}': {'GET': sg.show_group,
                                    'PUT': sg.update_group,
                                    'DELETE': sg.delete_group},
    '/security-group-rules': {'GET': sg.list_rules, 'POST': sg.create_rule},
    '/security-group-rules/{rule_id}': {'GET': sg.show_rule,
                                        'DELETE': sg.delete_rule},
}


class Router:
    def __init__(self):
        self.mapper = routes.Mapper()
        for path, methods in ROUTES.items():
            for method, handler in methods.items():
                # Neutron also answers with a ".json" suffix.
                for suffix in ('', '.json'):
                    self.mapper.connect(path + suffix, action=handler,
                                        conditions={'method': [method]})

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls()

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req):
        match, _route = routing.match(self.mapper, req.environ)
        match = dict(match)
        handler = match.pop('action')
        return handler(req, **match)


class Versions:
    @classmethod
    def factory(cls, global_config, **local_config):
        return cls()

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req):
        return versions.list_versions(req)


class Discovery:
    """paste filter before authentication: ``GET /v2.0`` itself, which
    keystoneauth reads as the version document when a client's endpoint
    is ``.../networking/v2.0`` (with or without a token, as Neutron)."""

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req):
        if req.path_info in ('', '/') and req.method in ('GET', 'HEAD'):
            return versions.v2_resources(req)
        return self.application
