"""/os-hypervisors: the compute nodes, their capacity and usage (Nova's
API before 2.53: integer ids; 2.28 cpu_info object; 2.33 pagination;
``/{id}/uptime``, and ``/{pattern}/search`` and ``/{pattern}/servers``,
which 2.53 replaced by query parameters)."""

from minova.api.openstack import common
from minova.api.openstack.compute import availability_zone
from minova.api.openstack.compute.views import hypervisors as view
from minova.api.openstack import wsgi
from minova.compute import api as compute_api
from minova import exception
from minova import objects

_POLICY = 'os_compute_api:os-hypervisors:%s'


def _compute_services(context):
    """host -> its compute service."""
    return {s.host: s for s in objects.ServiceList.get_all(
        context, binary=availability_zone.COMPUTE_BINARY)}


class HypervisorController:
    def __init__(self):
        self.compute_api = compute_api.API()

    def index(self, req):
        req.context.can(_POLICY % 'list')
        return self._list(req, detail=False)

    def detail(self, req):
        req.context.can(_POLICY % 'list-detail')
        return self._list(req, detail=True)

    def _list(self, req, detail):
        context = req.context
        nodes = sorted(objects.ComputeNodeList.get_all(context),
                       key=lambda n: n.id)
        limit = None
        if req.ver('2.33'):
            limit, marker = common.limited_params(req)
            if marker is not None:
                ids = [str(n.id) for n in nodes]
                if marker not in ids:
                    raise exception.MarkerNotFound(marker=marker)
                nodes = nodes[ids.index(marker) + 1:]
            nodes = nodes[:limit]
        services = _compute_services(context)
        # A node whose service is gone is being deleted: not listed.
        items = [view.show(req, n, services[n.host], detail)
                 for n in nodes if n.host in services]
        return view.collection(req, items, limit, detail)

    def show(self, req, id):
        context = req.context
        context.can(_POLICY % 'show')
        node, service = self._node_and_service(context, id)
        return {'hypervisor': view.show(req, node, service, detail=True)}

    @staticmethod
    def _node_and_service(context, id):
        try:
            node = objects.ComputeNode.get_by_id(context, int(id))
            return node, _compute_services(context)[node.host]
        except (ValueError, KeyError, exception.ComputeNodeNotFound):
            raise exception.HypervisorNotFound(hypervisor_id=id)

    def uptime(self, req, id):
        context = req.context
        context.can(_POLICY % 'uptime')
        node, service = self._node_and_service(context, id)
        body = view.show(req, node, service, detail=False)
        body['uptime'] = self.compute_api.get_host_uptime(context,
                                                          node.host)
        return {'hypervisor': body}

    @wsgi.versions(max_version='2.52')
    def search(self, req, id):
        context = req.context
        context.can(_POLICY % 'search')
        return {'hypervisors': [
            view.show(req, node, service, detail=False)
            for node, service in self._matching(context, id)]}

    @wsgi.versions(max_version='2.52')
    def servers(self, req, id):
        """The matching hypervisors with the servers on their hosts (the
        ``servers`` key only where there are some, before 2.75)."""
        context = req.context
        context.can(_POLICY % 'servers')
        hypervisors = []
        for node, service in self._matching(context, id):
            body = view.show(req, node, service, detail=False)
            instances = objects.InstanceList.get_by_host(context, node.host)
            if instances:
                body['servers'] = [{'name': i.name, 'uuid': i.uuid}
                                   for i in instances]
            hypervisors.append(body)
        return {'hypervisors': hypervisors}

    @staticmethod
    def _matching(context, pattern):
        """(node, service) of the nodes whose hypervisor_hostname contains
        ``pattern`` (404 when none does), skipping deleted services."""
        nodes = sorted((n for n in objects.ComputeNodeList.get_all(context)
                        if pattern.lower() in n.hypervisor_hostname.lower()),
                       key=lambda n: n.id)
        if not nodes:
            raise exception.HypervisorNotFound(
                message="No hypervisor matching '%s' could be found."
                        % pattern)
        services = _compute_services(context)
        return [(n, services[n.host]) for n in nodes if n.host in services]

    def statistics(self, req):
        context = req.context
        context.can(_POLICY % 'statistics')
        services = _compute_services(context)
        nodes = [n for n in objects.ComputeNodeList.get_all(context)
                 if n.host in services and not services[n.host].disabled]
        return view.statistics(nodes)
