"""What this compute host has and what its instances use.

Usage is counted from the instances that have this host (through the
conductor, as compute has no database), so it can never drift from the
instance rows. A claim checks, under one lock, that the host still has
room for one more instance (the scheduler may have raced) before a build
starts; a failed claim sends the build back for a reschedule.
"""

import contextlib
import math

from oslo_concurrency import lockutils
from oslo_log import log as logging

import minova.conf
from minova import exception
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

_LOCK = 'compute_resources'


def instance_usage(instance):
    """(memory_mb, vcpus, disk_gb) an instance takes from its host."""
    flavor = instance.flavor
    return (flavor.memory_mb, flavor.vcpus,
            flavor.root_gb + flavor.ephemeral_gb +
            (flavor.swap + 1023) // 1024)


class ResourceTracker:
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.compute_nodes = {}

    def _limits(self, resources):
        return {
            'memory_mb': resources['memory_mb'] *
            CONF.ram_allocation_ratio - CONF.reserved_host_memory_mb,
            'vcpus': resources['vcpus'] * CONF.cpu_allocation_ratio -
            CONF.reserved_host_cpus,
            'disk_gb': resources['local_gb'] * CONF.disk_allocation_ratio -
            CONF.reserved_host_disk_mb / 1024.0,
        }

    def _usage(self, context, nodename, exclude=None):
        memory = vcpus = disk = count = 0
        for uuid, _host, _node, mem, cpu, disk_mb in \
                objects.InstanceList.get_placements(context, self.host,
                                                    nodename):
            if uuid == exclude:
                continue
            memory += mem
            vcpus += cpu
            disk += disk_mb / 1024.0
            count += 1
        return {'memory_mb': memory, 'vcpus': vcpus, 'disk_gb': disk,
                'count': count}

    @contextlib.contextmanager
    def instance_claim(self, context, instance, nodename):
        """Reserve room for ``instance`` on ``nodename`` for its build.

        Raises ComputeResourcesUnavailable when it does not fit. The
        instance's host/node stay set while it lives here; a failed build
        clears them before the reschedule.
        """
        with lockutils.lock(_LOCK):
            resources = self.driver.get_available_resource(nodename)
            limits = self._limits(resources)
            used = self._usage(context, nodename, exclude=instance.uuid)
            need = dict(zip(('memory_mb', 'vcpus', 'disk_gb'),
                            instance_usage(instance)))
            for resource, amount in need.items():
                free = limits[resource] - used[resource]
                if amount > free:
                    raise exception.ComputeResourcesUnavailable(
                        reason='%s: requested %s, free %s' % (
                            resource, amount, int(free)))
            if instance.host != self.host or instance.node != nodename:
                instance.host = self.host
                instance.node = nodename
                instance.save()
        LOG.info('Claim successful on node %s', nodename,
                 instance=instance)
        yield

    def update_available_resource(self, context):
        """Report every node's capacity and usage to compute_nodes."""
        for nodename in self.driver.get_available_nodes():
            resources = self.driver.get_available_resource(nodename)
            used = self._usage(context, nodename)
            self._save_node(context, nodename, resources, used)

    def _save_node(self, context, nodename, resources, used):
        node = self.compute_nodes.get(nodename)
        if node is None:
            try:
                node = objects.ComputeNode.get_by_host_and_nodename(
                    context, self.host, nodename)
            except exception.ComputeHostNotFound:
                node = objects.ComputeNode(context, host=self.host,
                                           hypervisor_hostname=nodename)
        memory_used = used['memory_mb'] + CONF.reserved_host_memory_mb
        disk_used = (int(math.ceil(used['disk_gb'])) +
                     CONF.reserved_host_disk_mb // 1024)
        values = {
            'vcpus': resources['vcpus'],
            'memory_mb': resources['memory_mb'],
            'local_gb': resources['local_gb'],
            'vcpus_used': used['vcpus'],
            'memory_mb_used': memory_used,
            'local_gb_used': disk_used,
            'free_ram_mb': resources['memory_mb'] - memory_used,
            'free_disk_gb': resources['local_gb'] - disk_used,
            'running_vms': used['count'],
            'current_workload': 0,
            'hypervisor_type': resources['hypervisor_type'],
            'hypervisor_version': resources['hypervisor_version'],
            'cpu_info': resources['cpu_info'],
            'disk_available_least': resources.get('disk_available_least'),
            'host_ip': resources.get('host_ip'),
            'supported_instances': resources.get('supported_instances',
                                                 []),
            'cpu_allocation_ratio': CONF.cpu_allocation_ratio,
            'ram_allocation_ratio': CONF.ram_allocation_ratio,
            'disk_allocation_ratio': CONF.disk_allocation_ratio,
            'reserved_host_memory_mb': CONF.reserved_host_memory_mb,
            'reserved_host_disk_mb': CONF.reserved_host_disk_mb,
            'reserved_host_cpus': CONF.reserved_host_cpus,
            'availability_zone': CONF.default_availability_zone,
        }
        for key, value in values.items():
            if not node.obj_attr_is_set(key) or node[key] != value:
                node[key] = value
        if node.obj_attr_is_set('id'):
            node.save()
        else:
            node.create()
        self.compute_nodes[nodename] = node
        return node
