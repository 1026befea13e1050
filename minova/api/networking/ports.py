"""/v2.0/ports: one port per server interface (a virtual interface row):
its uuid is the port id, its fixed IPs the port's. Read only: the
compute API's boot and interface attach make them. What
``openstack server add floating ip`` needs (``ports?device_id=``)."""

from minova.api.networking import common
from minova.compute import api as compute_api
from minova import exception
from minova import objects

_PORT_KEYS = ('id', 'device_id', 'device_owner', 'network_id',
              'mac_address', 'project_id', 'tenant_id', 'status')

_compute_api = compute_api.API()


def port_view(vif, instance, network, fixed_ips, group_ids):
    return dict(common.project_fields(instance.project_id), **{
        'id': vif.uuid, 'name': '', 'network_id': network.uuid,
        'mac_address': vif.address,
        'fixed_ips': [{'subnet_id': common.subnet_id(network.uuid),
                       'ip_address': ip.address} for ip in fixed_ips],
        'device_id': instance.uuid, 'device_owner': 'compute:nova',
        'status': 'ACTIVE', 'admin_state_up': True,
        'security_groups': group_ids, 'port_security_enabled': True,
        'binding:vnic_type': 'normal', 'allowed_address_pairs': [],
        'description': '', 'tags': [], 'revision_number': 0,
        'created_at': None, 'updated_at': None})


def instance_ports(context, instance):
    """Views of the ports of ``instance``, in the order it got them."""
    vifs = objects.VirtualInterfaceList.get_by_instance_uuid(
        context, instance.uuid)
    if not vifs:
        return []
    fixed = objects.FixedIPList.get_by_instance_uuid(context, instance.uuid)
    groups = [str(g.id) for g in objects.SecurityGroupList.get_by_instance(
        context, instance.uuid)]
    nets = {n.id: n for n in objects.NetworkList.get_all(context)}
    return [port_view(vif, instance, nets[vif.network_id],
                      [ip for ip in fixed
                       if ip.virtual_interface_id == vif.id and ip.allocated],
                      groups)
            for vif in vifs if vif.network_id in nets]


def _instances(req):
    """The servers whose ports a list shows: the one of ``device_id``
    (a server of the caller's project), else all of the project."""
    context = req.context
    device_ids = req.GET.getall('device_id')
    if device_ids:
        found = []
        for device_id in device_ids:
            try:
                found.append(_compute_api.get(context, device_id))
            except exception.InstanceNotFound:
                continue
        return found
    return list(objects.InstanceList.get_by_filters(
        context, {'project_id': context.project_id, 'deleted': False}))


def _authorize(req, project_id):
    req.context.can('os_compute_api:os-attach-interfaces',
                    {'project_id': project_id})


def list_ports(req):
    _authorize(req, req.context.project_id)
    wanted = common.filters(req, _PORT_KEYS)
    ports = [p for instance in _instances(req)
             for p in instance_ports(req.context, instance)]
    return common.respond({'ports': [p for p in ports
                                     if common.matches(p, wanted)]})


def port_of(context, port_id):
    """(vif, instance) of a port the caller may see, or PortNotFound."""
    vif = objects.VirtualInterface.get_by_uuid(context, port_id)
    try:
        instance = _compute_api.get(context, vif.instance_uuid)
    except exception.InstanceNotFound:
        raise exception.PortNotFound(port_id=port_id)
    return vif, instance


def show_port(req, port_id):
    vif, instance = port_of(req.context, port_id)
    _authorize(req, instance.project_id)
    for port in instance_ports(req.context, instance):
        if port['id'] == vif.uuid:
            return common.respond({'port': port})
    raise exception.PortNotFound(port_id=port_id)
