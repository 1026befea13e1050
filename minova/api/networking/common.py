"""What every Network API handler shares: the JSON response, the body
of one resource, the query filters, and the ids Neutron has and
nova-network does not (a pool's network, a network's subnet)."""

import uuid

from oslo_serialization import jsonutils
import webob

from minova import exception

# Pools and subnets have no uuid of their own: derived ones stay the same
# across restarts and API hosts without a row to keep them.
_NAMESPACE = uuid.UUID('6f2d3c1e-9a57-4c1b-8f0e-5b7e0d2a4c11')


def pool_network_id(pool):
    return str(uuid.uuid5(_NAMESPACE, 'floating-pool:%s' % pool))


def subnet_id(network_uuid):
    return str(uuid.uuid5(_NAMESPACE, 'subnet:%s' % network_uuid))


def respond(body, status=200):
    resp = webob.Response(status=status, content_type='application/json',
                          charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(body)
    return resp


def no_content():
    resp = webob.Response(status=204)
    resp.content_type = None
    return resp


def resource_body(req, name):
    """The object under ``name`` of a POST or PUT body (400 otherwise)."""
    body = req.json_body()
    if not isinstance(body, dict) or not isinstance(body.get(name), dict):
        raise exception.ValidationError(
            detail='Resource body required: {"%s": {...}}' % name)
    return body[name]


def check_keys(values, allowed):
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise exception.ValidationError(
            detail="Unrecognized attribute(s) '%s'" % ', '.join(unknown))


def string(values, key, default=''):
    value = values.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise exception.ValidationError(
            detail="Invalid input for %s: '%s' is not a string"
                   % (key, value))
    return value


def filters(req, keys):
    """{key: [values]} of the query's filters among ``keys`` (Neutron
    matches any of a repeated key); other keys (fields, sort) are
    ignored, as Neutron ignores the ones a resource lacks."""
    found = {}
    for key, value in req.GET.items():
        if key in keys:
            found.setdefault(key, []).append(value)
    return found


def matches(item, wanted):
    """Whether ``item`` (a view) passes every filter in ``wanted``."""
    for key, values in wanted.items():
        have = item.get(key)
        if isinstance(have, bool):
            have = str(have).lower()
            values = [v.lower() for v in values]
        elif have is not None:
            have = str(have)
        if have not in values:
            return False
    return True


def project_fields(project_id):
    return {'project_id': project_id, 'tenant_id': project_id}


def listed_project(req, keys=('project_id', 'tenant_id')):
    """The project a list asks for: the caller's, or (an admin only)
    the one named by project_id / tenant_id (another project's rows are
    an admin's only); None: every project (an admin's ``all_tenants=1``)."""
    context = req.context
    for key in keys:
        if req.GET.get(key):
            return req.GET[key]
    if context.is_admin and req.GET.get('all_tenants', '0') not in (
            '0', 'false', 'False', ''):
        return None
    return context.project_id
