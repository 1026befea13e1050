"""/v2.0/floatingips: the project's nova-network floating IPs
(``minova.network.floating_ip_api``). ``floating_network_id`` is the
pool's external network (``networks.pool_view``); ``port_id`` a server
interface (``ports``): setting it associates the address with that
interface's fixed IP, null disassociates (both RPC calls to
minova-network, as the compute API's addFloatingIp makes)."""

from minova.api.networking import common
from minova.api.networking import networks
from minova.api.networking import ports
from minova import exception
from minova.network import floating_ip_api
from minova import objects

_POLICY = 'os_compute_api:os-floating-ips'
_KEYS = ('id', 'floating_ip_address', 'floating_network_id', 'port_id',
         'fixed_ip_address', 'status', 'project_id', 'tenant_id',
         'router_id')
_CREATE = ('floating_network_id', 'port_id', 'fixed_ip_address',
           'description', 'project_id', 'tenant_id', 'floating_ip_address',
           'subnet_id', 'dns_name', 'dns_domain')

fip_api = floating_ip_api.FloatingIPAPI()


def _port_ids(context, fips):
    """{fixed address: port id} of the servers the floating IPs point
    at (two queries per server)."""
    found = {}
    for instance_uuid in {f.instance_uuid for f in fips if f.instance_uuid}:
        vifs = {v.id: v.uuid for v in
                objects.VirtualInterfaceList.get_by_instance_uuid(
                    context, instance_uuid)}
        for ip in objects.FixedIPList.get_by_instance_uuid(context,
                                                           instance_uuid):
            if ip.virtual_interface_id in vifs:
                found[ip.address] = vifs[ip.virtual_interface_id]
    return found


def fip_view(fip, port_ids):
    port_id = port_ids.get(fip.fixed_address) if fip.fixed_address else None
    return dict(common.project_fields(fip.project_id), **{
        'id': str(fip.id), 'floating_ip_address': fip.address,
        'floating_network_id': common.pool_network_id(fip.pool),
        'router_id': None, 'port_id': port_id,
        'fixed_ip_address': fip.fixed_address,
        'status': 'ACTIVE' if fip.fixed_address else 'DOWN',
        'port_details': None, 'port_forwardings': [], 'qos_policy_id': None,
        'description': '', 'tags': [], 'revision_number': 0,
        'created_at': None, 'updated_at': None})


def _respond(req, fip, status=200):
    fip = fip_api.get(req.context, fip.id)     # as minova-network left it
    return common.respond({'floatingip': fip_view(
        fip, _port_ids(req.context, [fip]))}, status)


def _authorize(req):
    req.context.can(_POLICY, {'project_id': req.context.project_id})


def list_fips(req):
    _authorize(req)
    context = req.context
    project = common.listed_project(req)
    fips = list(fip_api.get_all(context)) \
        if project == context.project_id else []
    port_ids = _port_ids(context, fips)
    wanted = common.filters(req, _KEYS)
    return common.respond({'floatingips': [
        v for v in (fip_view(f, port_ids) for f in fips)
        if common.matches(v, wanted)]})


def show_fip(req, fip_id):
    _authorize(req)
    return _respond(req, fip_api.get(req.context, fip_id))


def _pool(values):
    network_id = common.string(values, 'floating_network_id')
    if not network_id:
        raise exception.ValidationError(
            detail="Failed to parse request. Required attribute "
                   "'floating_network_id' not specified")
    pool = networks.pool_of(network_id)
    if pool is None:
        raise exception.NetworkNotFound(network_id=network_id)
    return pool


def _check_create(req, values):
    common.check_keys(values, _CREATE)
    for key in ('project_id', 'tenant_id'):
        if values.get(key) not in (None, req.context.project_id):
            raise exception.ValidationError(
                detail='minova allocates floating IPs only to the '
                       "caller's project.")
    for key in ('floating_ip_address', 'subnet_id'):
        if values.get(key) is not None:
            raise exception.ValidationError(
                detail='minova picks the address from the pool: %s is '
                       'not supported.' % key)


def create_fip(req):
    values = common.resource_body(req, 'floatingip')
    _authorize(req)
    _check_create(req, values)
    fip = fip_api.allocate(req.context, _pool(values))
    if values.get('port_id') is not None:
        try:
            _associate(req, fip, values['port_id'],
                       values.get('fixed_ip_address'))
        except Exception:
            fip_api.release(req.context, fip)
            raise
    return _respond(req, fip, 201)


def _associate(req, fip, port_id, fixed_address):
    context = req.context
    vif, instance = ports.port_of(context, common.string(
        {'port_id': port_id}, 'port_id'))
    addresses = [ip.address for ip in objects.FixedIPList.get_by_instance_uuid(
        context, instance.uuid)
        if ip.virtual_interface_id == vif.id and ip.allocated]
    if fixed_address is None and addresses:
        fixed_address = addresses[0]
    if fixed_address not in addresses:
        raise exception.ValidationError(
            detail='Port %s has no fixed IP %s.' % (port_id, fixed_address))
    if fip.fixed_address not in (None, fixed_address):
        _disassociate(req, fip)     # Neutron moves it: so do we
    fip_api.associate(context, instance, fip.address, fixed_address)


def _disassociate(req, fip):
    if fip.instance_uuid is None:
        return
    fip_api.network_rpcapi.disassociate_floating_ip(req.context,
                                                    fip.address)


def update_fip(req, fip_id):
    values = common.resource_body(req, 'floatingip')
    common.check_keys(values, ('port_id', 'fixed_ip_address',
                               'description'))
    _authorize(req)
    fip = fip_api.get(req.context, fip_id)
    if 'port_id' in values:
        if values['port_id'] is None:
            _disassociate(req, fip)
        else:
            _associate(req, fip, values['port_id'],
                       values.get('fixed_ip_address'))
    return _respond(req, fip)


def delete_fip(req, fip_id):
    _authorize(req)
    fip_api.release(req.context, fip_api.get(req.context, fip_id))
    return common.no_content()
