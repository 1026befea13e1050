"""The os-hypervisors bodies (integer ids, before 2.53)."""

from oslo_serialization import jsonutils

from minova.api.openstack import common

_DETAIL_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                  'memory_mb_used', 'local_gb_used', 'hypervisor_type',
                  'hypervisor_version', 'free_ram_mb', 'free_disk_gb',
                  'current_workload', 'running_vms', 'disk_available_least',
                  'host_ip')

STATISTICS_FIELDS = ('count', 'vcpus', 'memory_mb', 'local_gb',
                     'vcpus_used', 'memory_mb_used', 'local_gb_used',
                     'free_ram_mb', 'free_disk_gb', 'current_workload',
                     'running_vms', 'disk_available_least')


def show(req, node, service, detail):
    body = {
        'id': node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if service.is_up() else 'down',
        'status': 'disabled' if service.disabled else 'enabled',
    }
    if not detail:
        return body
    for field in _DETAIL_FIELDS:
        body[field] = node[field]
    body['service'] = {'id': service.id, 'host': node.host,
                       'disabled_reason': service.disabled_reason}
    if req.ver('2.28'):
        # 2.28: an object rather than the driver's JSON string.
        body['cpu_info'] = jsonutils.loads(node.cpu_info) \
            if node.cpu_info else {}
    else:
        body['cpu_info'] = node.cpu_info
    return body


def collection(req, items, limit=None, detail=False):
    result = {'hypervisors': items}
    if limit is not None:
        links = common.collection_next_link(
            req, 'os-hypervisors/detail' if detail else 'os-hypervisors',
            items, limit)
        if links:
            result['hypervisors_links'] = links
    return result


def statistics(nodes):
    totals = dict.fromkeys(STATISTICS_FIELDS, 0)
    totals['count'] = len(nodes)
    for node in nodes:
        for field in STATISTICS_FIELDS[1:]:
            totals[field] += node[field] or 0
    return {'hypervisor_statistics': totals}
